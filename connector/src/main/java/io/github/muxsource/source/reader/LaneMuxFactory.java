package io.github.muxsource.source.reader;

import io.github.muxsource.mux.ChainMux;
import io.github.muxsource.mux.GrowableStreamer;
import io.github.muxsource.mux.GrowingMux;
import io.github.muxsource.mux.MaxRecords;
import io.github.muxsource.mux.Rng;
import io.github.muxsource.mux.RoundRobinMux;
import io.github.muxsource.mux.ShuffledMux;
import io.github.muxsource.mux.StochasticMux;
import io.github.muxsource.mux.Streamer;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import java.util.ArrayList;
import java.util.List;

/** Builds a lane's mux over its slices from the source configuration. */
final class LaneMuxFactory {
    /** Tags the lane seed apart from slice seeds derived from the same base seed. */
    private static final long LANE_DOMAIN = 0x4C414E45L;

    private LaneMuxFactory() {}

    static Streamer<RowRef> build(MuxConfig config, LaneSplit lane) {
        List<SliceStreamer> streams = new ArrayList<>();
        double[] weights = new double[lane.slices().size()];
        for (int i = 0; i < weights.length; i++) {
            ShardSlice s = lane.slices().get(i);
            long sliceSeed = Rng.derive(config.seed(), s.dataset(), s.shard(), s.rowStart());
            streams.add(
                    new SliceStreamer(i, s.rowStart(), s.rowEnd(), config.rowOrder(), sliceSeed));
            weights[i] = s.weight();
        }
        GrowableStreamer<RowRef> mux =
                switch (config.kind()) {
                    case STOCHASTIC ->
                            StochasticMux.builder(streams)
                                    .nActive(config.nActive())
                                    .rate(config.rate())
                                    .weights(streams.isEmpty() ? null : weights)
                                    .mode(config.mode())
                                    .dist(config.dist())
                                    .activation(config.activation())
                                    .pruneEmptyStreams(config.pruneEmptyStreams())
                                    .build();
                    case SHUFFLED -> new ShuffledMux<>(streams, streams.isEmpty() ? null : weights);
                    case ROUND_ROBIN -> new RoundRobinMux<>(streams, config.roundRobinMode());
                    case CHAIN -> new ChainMux<>(streams, config.chainMode());
                };
        // A monitored lane's state records its stream count, so that slices can be added.
        Streamer<RowRef> growing = config.monitored() ? new GrowingMux<>(mux) : mux;
        long max = share(config, lane);
        return max < 0 ? growing : new MaxRecords<>(growing, max);
    }

    /** The lane's share of {@code maxRecords}, or -1 when unbounded. */
    static long share(MuxConfig config, LaneSplit lane) {
        return lane.maxRecords() == LaneSplit.MAX_RECORDS_FROM_CONFIG
                ? config.laneMaxRecords(lane.lane(), lane.laneCount())
                : lane.maxRecords();
    }

    /** The seed a lane's mux run is opened with. */
    static long laneSeed(MuxConfig config, int lane) {
        return Rng.derive(config.seed(), LANE_DOMAIN, lane);
    }
}

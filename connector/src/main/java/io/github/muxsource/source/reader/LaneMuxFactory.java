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
import io.github.muxsource.source.split.LaneQuota;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import java.util.ArrayList;
import java.util.List;

/** Builds a lane's mux over its slices from the source configuration. */
final class LaneMuxFactory {
    /** Tags the lane seed apart from slice seeds derived from the same base seed. */
    private static final long LANE_DOMAIN = 0x4C414E45L;

    private LaneMuxFactory() {}

    /** The lane's mux with its planned slice weights, as before weights could change. */
    static Streamer<RowRef> build(MuxConfig config, LaneSplit lane) {
        double[] weights = lane.slices().stream().mapToDouble(ShardSlice::weight).toArray();
        return build(config, lane, weights);
    }

    /** The lane's mux drawing with {@code weights}, one per slice ({@link LaneMix}). */
    static Streamer<RowRef> build(MuxConfig config, LaneSplit lane, double[] weights) {
        List<SliceStreamer> streams = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            ShardSlice s = lane.slices().get(i);
            long sliceSeed = Rng.derive(config.seed(), s.dataset(), s.shard(), s.rowStart());
            streams.add(
                    new SliceStreamer(i, s.rowStart(), s.rowEnd(), config.rowOrder(), sliceSeed));
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
        long bound = bound(config, lane);
        if (bound < 0) {
            return growing;
        }
        if (lane.muxState() != null && planned(config, lane) < 0) {
            // An unbounded state, bounded now (maxRecords set at restore): count from its items.
            return MaxRecords.addedAfter(growing, bound, items(lane));
        }
        return new MaxRecords<>(growing, bound);
    }

    /**
     * The bound the lane's mux runs with, or -1 for none; the lane records it as its {@code
     * maxRecords}. A state written bounded carries an item count, so its mux stays bounded even
     * when {@code maxRecords} was removed at restore ({@link Long#MAX_VALUE}).
     */
    static long bound(MuxConfig config, LaneSplit lane) {
        long max = maxRecords(config, lane);
        if (lane.muxState() != null && planned(config, lane) >= 0) {
            return max < 0 ? Long.MAX_VALUE : max;
        }
        return max;
    }

    private static long planned(MuxConfig config, LaneSplit lane) {
        return lane.maxRecords() == LaneSplit.MAX_RECORDS_FROM_CONFIG
                ? config.laneMaxRecords(lane.lane(), lane.laneCount())
                : lane.maxRecords();
    }

    /**
     * The lane's share of {@code maxRecords} now: from its quota when it records the settings it
     * was made with (so that a {@code maxRecords} changed at restore applies), as planned before.
     */
    static long maxRecords(MuxConfig config, LaneSplit lane) {
        if (lane.settings().isEmpty()) {
            return planned(config, lane);
        }
        if (config.maxRecords() < 0) {
            return LaneSplit.UNBOUNDED;
        }
        // A monitored lane's share follows the order in which new rows are dealt (LaneQuotas).
        return config.monitored()
                ? LaneQuota.dealt(config.maxRecords(), lane.lane(), lane.laneCount())
                : lane.quota().share(config.maxRecords());
    }

    /** Items the lane's mux has drawn: its emitted records, plus its pending row. */
    static long items(LaneSplit lane) {
        return lane.emitted() + (lane.pendingSlice() == LaneSplit.NO_PENDING ? 0 : 1);
    }

    /** The seed a lane's mux run is opened with. */
    static long laneSeed(MuxConfig config, int lane) {
        return Rng.derive(config.seed(), LANE_DOMAIN, lane);
    }
}

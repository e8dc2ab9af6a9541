package io.github.muxsource.source.reader;

import io.github.muxsource.mux.Bounded;
import io.github.muxsource.mux.Cursor;
import io.github.muxsource.mux.MuxSnapshots;
import io.github.muxsource.mux.MuxStatistics;
import io.github.muxsource.mux.Reweightable;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneWeights;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * A lane's mux cursor with its weights ({@link LaneMix}): before the mux draws the item at a
 * schedule step's lane position, the mux takes the step's weights; live weights apply when the
 * reader says so. The lane and the prefetcher's copy of it run the same class, so the copy follows
 * the schedule too.
 */
final class LaneCursor implements Cursor<RowRef>, MuxStatistics {
    private final Cursor<RowRef> cursor;
    private final LaneMix mix;
    private final boolean weighted;

    /** Items the mux has drawn. */
    private long items;

    /** The datasets' weights now, for metrics (read on another thread). */
    private volatile double[] datasetWeights;

    private LaneCursor(Cursor<RowRef> cursor, LaneMix mix, boolean weighted, long items) {
        this.cursor = cursor;
        this.mix = mix;
        this.weighted = weighted;
        this.items = items;
        this.datasetWeights = mix.datasetWeights();
    }

    private void reweight() {
        ((Reweightable) cursor).reweight(mix.streamWeights());
        datasetWeights = mix.datasetWeights();
    }

    /**
     * The lane's cursor at its split's state.
     *
     * @throws IllegalStateException for a setting that may not change at restore
     */
    static LaneCursor open(MuxConfig config, LaneSplit split) throws IOException {
        long items = LaneMuxFactory.items(split);
        LaneMix mix = LaneMix.open(config, split, items);
        var mux = LaneMuxFactory.build(config, split, mix.streamWeights());
        Cursor<RowRef> cursor =
                split.muxState() == null
                        ? mux.open(LaneMuxFactory.laneSeed(config, split.lane()))
                        : MuxSnapshots.read(mux, split.muxState());
        return new LaneCursor(cursor, mix, config.weighted(), items);
    }

    @Override
    public RowRef next() {
        if (weighted && mix.stepsDueAt(items)) {
            reweight();
        }
        RowRef ref = cursor.next();
        if (ref != null) {
            items++;
        }
        return ref;
    }

    /** Draws with {@code weights} (live weights) from the next item on, unless it does already. */
    boolean applyLive(Map<String, Double> weights) {
        if (!weighted || !mix.applyLive(weights)) {
            return false;
        }
        reweight();
        return true;
    }

    LaneWeights weights() {
        return mix.state();
    }

    /** The datasets' weights for the next draw, in configuration order; safe on any thread. */
    double[] datasetWeights() {
        return datasetWeights;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        cursor.snapshot(out);
    }

    @Override
    public int version() {
        return cursor.version();
    }

    /** Whether the mux drew all the items its bound ({@code maxRecords}) allows. */
    boolean boundReached() {
        return cursor instanceof Bounded bounded && bounded.boundReached();
    }

    @Override
    public long activations() {
        return cursor instanceof MuxStatistics ? ((MuxStatistics) cursor).activations() : 0;
    }

    @Override
    public int activeStreams() {
        return cursor instanceof MuxStatistics ? ((MuxStatistics) cursor).activeStreams() : 0;
    }
}

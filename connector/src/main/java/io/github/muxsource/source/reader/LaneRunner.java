package io.github.muxsource.source.reader;

import io.github.muxsource.mux.Cursor;
import io.github.muxsource.mux.MuxSnapshots;
import io.github.muxsource.mux.MuxStatistics;
import io.github.muxsource.mux.Streamer;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxKind;
import io.github.muxsource.source.SampleMapper;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.io.IOException;

/**
 * One lane at work in a reader: its mux cursor, its open slices, its position, and its turn.
 *
 * <p>A turn is the run of records a lane emits before its reader moves to another lane: one whole
 * activation when the mux has a {@code rate} (the turn ends with the record at which the lane
 * activates a stream), one record otherwise (a stream without a budget may never end).
 */
final class LaneRunner<T> {
    private final LaneSplit split;
    private final Cursor<RowRef> cursor;
    private final SliceRows[] slices;
    private final LaneRowView view;
    private final SampleMapper<T> mapper;
    private final ReaderMetrics metrics;
    private final boolean turnsByActivation;
    private long emitted;

    /** The lane's activation count when its turn began, or {@link LaneSplit#NO_TURN}. */
    private long turnStart;

    private LaneRunner(
            LaneSplit split,
            Cursor<RowRef> cursor,
            SliceRows[] slices,
            LaneRowView view,
            SampleMapper<T> mapper,
            ReaderMetrics metrics,
            boolean turnsByActivation) {
        this.split = split;
        this.cursor = cursor;
        this.slices = slices;
        this.view = view;
        this.mapper = mapper;
        this.metrics = metrics;
        this.emitted = split.emitted();
        this.turnStart = split.turn();
        this.turnsByActivation = turnsByActivation;
    }

    /** Opens the lane's shards and restores (or starts) its mux; runs off the task thread. */
    static <T> LaneRunner<T> open(
            MuxConfig config,
            LaneSplit split,
            ShardCache shards,
            SampleMapper<T> mapper,
            String[] datasetNames,
            ReaderMetrics metrics)
            throws IOException {
        Streamer<RowRef> mux = LaneMuxFactory.build(config, split);
        Cursor<RowRef> cursor =
                split.muxState() == null
                        ? mux.open(LaneMuxFactory.laneSeed(config, split.lane()))
                        : MuxSnapshots.read(mux, split.muxState());
        SliceRows[] slices = new SliceRows[split.slices().size()];
        for (int i = 0; i < slices.length; i++) {
            slices[i] =
                    new SliceRows(split.slices().get(i), shards.get(split.slices().get(i).path()));
        }
        LaneRowView view = new LaneRowView(split.lane(), datasetNames, metrics);
        boolean byActivation = config.kind() == MuxKind.STOCHASTIC && config.rate() != null;
        return new LaneRunner<>(split, cursor, slices, view, mapper, metrics, byActivation);
    }

    int lane() {
        return split.lane();
    }

    long emitted() {
        return emitted;
    }

    /** The lane's next record, or {@code null} once its mux has ended. */
    T next() {
        RowRef ref = cursor.next();
        if (ref == null) {
            return null;
        }
        SliceRows slice = slices[ref.slice()];
        view.set(slice, ref.row(), emitted);
        T record = mapper.map(view);
        if (record == null) {
            // Replaying the same rows would return null again: restarting cannot help.
            throw new SuppressRestartsException(
                    new IllegalStateException(
                            "The SampleMapper returned null for lane "
                                    + lane()
                                    + " at position "
                                    + emitted
                                    + " ("
                                    + slice.slice.path()
                                    + ", row "
                                    + ref.row()
                                    + "): a mapper must return a record for every row;"
                                    + " drop records downstream with filter() instead"));
        }
        emitted++;
        metrics.recordEmitted(slice.slice.dataset());
        return record;
    }

    int activeStreams() {
        return cursor instanceof MuxStatistics ? ((MuxStatistics) cursor).activeStreams() : 0;
    }

    long activations() {
        return cursor instanceof MuxStatistics ? ((MuxStatistics) cursor).activations() : 0;
    }

    /** Whether the lane is in the middle of a turn (restored lanes may be). */
    boolean holdsTurn() {
        return turnStart != LaneSplit.NO_TURN;
    }

    void beginTurn() {
        turnStart = activations();
    }

    void endTurn() {
        turnStart = LaneSplit.NO_TURN;
    }

    /** Whether the turn ended with the record just emitted. */
    boolean turnOver() {
        return !turnsByActivation || activations() != turnStart;
    }

    /** The lane as a split carrying its current state. */
    LaneSplit snapshot() {
        return split.withState(MuxSnapshots.write(cursor), emitted, turnStart);
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.mux.Cursor;
import io.github.muxsource.mux.MuxSnapshots;
import io.github.muxsource.mux.MuxStatistics;
import io.github.muxsource.mux.Streamer;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxKind;
import io.github.muxsource.source.SampleMapper;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One lane at work in a reader: its mux cursor, the shards it reads, its position, and its turn.
 *
 * <p>Opening a lane does no I/O: a slice's shard is pinned in the reader's {@link ShardPool} when
 * the lane first draws a row of it, and unpinned when the lane has moved on to {@code nActive + 2}
 * other slices since. A drawn row whose shard is still opening is kept as the lane's pending row
 * (in its checkpointed state too) and emitted first once the shard is open.
 *
 * <p>A turn is the run of records a lane emits before its reader moves to another lane: one whole
 * activation when the mux has a {@code rate} (the turn ends with the record at which the lane
 * activates a stream), one record otherwise (a stream without a budget may never end).
 */
final class LaneRunner<T> {
    /** What one step of the lane did. */
    enum Step {
        EMITTED,
        WAITING,
        ENDED
    }

    /** How often the lane publishes its position to the prefetcher, in records. */
    private static final int PUBLISH_EVERY = 256;

    private final LaneSplit split;
    private final Cursor<RowRef> cursor;
    private final ShardPool pool;

    /** By slice: its shard's id in the pool. */
    private final int[] shardIds;

    private final SliceRows[] held;
    private final RecentSlices heldOrder;
    private final LaneRowView view;
    private final SampleMapper<T> mapper;
    private final ReaderMetrics metrics;
    private final boolean turnsByActivation;
    private long emitted;
    private volatile long published;
    private RowRef pending;
    private CompletableFuture<?> waitingFor;

    /** The lane's activation count when its turn began, or {@link LaneSplit#NO_TURN}. */
    private long turnStart;

    private LaneRunner(
            MuxConfig config,
            LaneSplit split,
            Cursor<RowRef> cursor,
            ShardPool pool,
            LaneRowView view,
            SampleMapper<T> mapper,
            ReaderMetrics metrics) {
        this.split = split;
        this.cursor = cursor;
        this.pool = pool;
        this.shardIds = pool.register(split.slices());
        this.held = new SliceRows[split.slices().size()];
        this.heldOrder = new RecentSlices(Math.max(config.nActive(), 1) + 2);
        this.view = view;
        this.mapper = mapper;
        this.metrics = metrics;
        this.emitted = split.emitted();
        this.published = emitted;
        this.turnStart = split.turn();
        this.turnsByActivation = config.kind() == MuxKind.STOCHASTIC && config.rate() != null;
        if (split.pendingSlice() != LaneSplit.NO_PENDING) {
            this.pending = new RowRef(split.pendingSlice(), split.pendingRow());
        }
    }

    /** Restores (or starts) the lane's mux; reads no shard. */
    static <T> LaneRunner<T> open(
            MuxConfig config,
            LaneSplit split,
            ShardPool pool,
            SampleMapper<T> mapper,
            String[] datasetNames,
            ReaderMetrics metrics)
            throws IOException {
        LaneRowView view = new LaneRowView(split.lane(), datasetNames, metrics);
        return new LaneRunner<>(config, split, cursor(config, split), pool, view, mapper, metrics);
    }

    /** A fresh cursor at the split's state: the lane's own, or one for the prefetcher. */
    static Cursor<RowRef> cursor(MuxConfig config, LaneSplit split) throws IOException {
        Streamer<RowRef> mux = LaneMuxFactory.build(config, split);
        return split.muxState() == null
                ? mux.open(LaneMuxFactory.laneSeed(config, split.lane()))
                : MuxSnapshots.read(mux, split.muxState());
    }

    LaneSplit split() {
        return split;
    }

    /** By slice: its shard's id in the reader's {@link ShardPool}. */
    int[] shardIds() {
        return shardIds;
    }

    int lane() {
        return split.lane();
    }

    long emitted() {
        return emitted;
    }

    /** The lane's position as last published for the prefetcher (at most 256 records behind). */
    long publishedPosition() {
        return published;
    }

    /** Emits the lane's next record, or says why it cannot. */
    Step step(ReaderOutput<T> output) throws IOException {
        RowRef ref = pending != null ? pending : cursor.next();
        if (ref == null) {
            releaseAll();
            return Step.ENDED;
        }
        SliceRows rows = rows(ref.slice());
        if (rows == null) {
            pending = ref;
            waitingFor = pool.whenOpen(shardIds[ref.slice()]);
            return Step.WAITING;
        }
        pending = null;
        view.set(rows, ref.row(), emitted);
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
                                    + rows.slice.path()
                                    + ", row "
                                    + ref.row()
                                    + "): a mapper must return a record for every row;"
                                    + " drop records downstream with filter() instead"));
        }
        if (++emitted % PUBLISH_EVERY == 0) {
            published = emitted;
        }
        metrics.recordEmitted(rows.slice.dataset());
        output.collect(record);
        return Step.EMITTED;
    }

    /** After {@link Step#WAITING}: completes when the awaited shard is open. */
    CompletableFuture<?> waitingFor() {
        return waitingFor;
    }

    /** The slice's rows, pinning its shard, or null while the shard is still opening. */
    private SliceRows rows(int slice) throws IOException {
        SliceRows rows = held[slice];
        if (rows != null) {
            heldOrder.use(slice);
            return rows;
        }
        ShardRows shard;
        try {
            shard = pool.tryPin(shardIds[slice]);
        } catch (PlannedShard.ChangedException e) {
            throw new SuppressRestartsException(e);
        }
        if (shard == null) {
            return null;
        }
        rows = new SliceRows(split.slices().get(slice), shard);
        held[slice] = rows;
        int dropped = heldOrder.add(slice);
        if (dropped != RecentSlices.NONE) {
            held[dropped] = null;
            pool.unpin(shardIds[dropped]);
        }
        return rows;
    }

    /** Unpins every shard the lane holds (when it ends or its reader closes). */
    void releaseAll() {
        for (int i = 0; i < heldOrder.size(); i++) {
            int slice = heldOrder.get(i);
            held[slice] = null;
            pool.unpin(shardIds[slice]);
        }
        heldOrder.clear();
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
        return split.withState(
                MuxSnapshots.write(cursor),
                emitted,
                turnStart,
                pending == null ? LaneSplit.NO_PENDING : pending.slice(),
                pending == null ? 0 : pending.row());
    }
}

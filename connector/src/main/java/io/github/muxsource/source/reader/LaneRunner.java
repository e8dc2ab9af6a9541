package io.github.muxsource.source.reader;

import io.github.muxsource.mux.MuxSnapshots;
import io.github.muxsource.source.ConfigFingerprint;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxKind;
import io.github.muxsource.source.split.HeldRow;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One lane at work in a reader: its mux cursor, the shards it reads, its position, and its turn.
 *
 * <p>Opening a lane does no I/O: it reads its shards through the reader's {@link ShardPool} as it
 * draws their rows ({@link LaneShards}). A drawn row whose shard is still opening is kept as the
 * lane's pending row (in its checkpointed state too) and emitted first once the shard is open.
 *
 * <p>A turn is the run of records a lane emits before its reader moves to another lane: one whole
 * activation when the mux has a {@code rate} (the turn ends with the record at which the lane
 * activates a stream), one record otherwise (a stream without a budget may never end).
 *
 * <p>A lane restored from a checkpoint taken while its reader's batch was half filled emits the
 * rows it held in that batch again ({@link #replay}, in the order its reader gives, see {@link
 * HeldRows}) before it draws on.
 */
final class LaneRunner<T> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LaneRunner.class);

    /** What one step of the lane did. */
    enum Step {
        EMITTED,
        WAITING,
        /** A monitored lane read everything it holds: it waits for new slices. */
        DRY,
        ENDED,
        /** {@link #replay} only: the row is not emitted (see there). */
        DROPPED
    }

    /** What {@link #addSlices} did with the slices of an event. */
    enum Added {
        APPENDED,
        NOTHING_NEW,
        /** The event starts past the lane's last slice: the lane must ask for what it lacks. */
        GAP
    }

    /** How often the lane publishes its position to the prefetcher, in records. */
    private static final int PUBLISH_EVERY = 256;

    private final MuxConfig config;
    private LaneSplit split;
    private LaneCursor cursor;
    private final LaneShards shards;
    private boolean dry;

    /** Slices whose shard changed after it was planned, skipped with skipBadShards (not state). */
    private final BitSet skipped = new BitSet();

    private int skippedCount;

    /** The settings this lane's snapshots record, built at the first snapshot. */
    private Map<String, String> settings;

    private final LaneRowView view;
    private final Emission<T> emission;
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
            LaneCursor cursor,
            ShardPool pool,
            LaneRowView view,
            Emission<T> emission,
            ReaderMetrics metrics) {
        this.config = config;
        this.split = split;
        this.cursor = cursor;
        this.shards = new LaneShards(pool, split.slices(), config.nActive());
        this.view = view;
        this.emission = emission;
        this.metrics = metrics;
        this.emitted = split.emitted();
        this.published = emitted;
        this.turnStart = split.turn();
        this.turnsByActivation = config.kind() == MuxKind.STOCHASTIC && config.rate() != null;
        if (split.pendingSlice() != LaneSplit.NO_PENDING) {
            this.pending = new RowRef(split.pendingSlice(), split.pendingRow());
        }
    }

    /**
     * Restores (or starts) the lane's mux; reads no shard. The split's held rows are its reader's
     * to replay ({@link HeldRows}), not the lane's.
     */
    static <T> LaneRunner<T> open(
            MuxConfig config,
            LaneSplit split,
            ShardPool pool,
            Emission<T> emission,
            String[] datasetNames,
            ReaderMetrics metrics)
            throws IOException {
        LaneRowView view = new LaneRowView(split.lane(), datasetNames, metrics);
        return new LaneRunner<>(
                config,
                split.withHeld(List.of()),
                cursor(config, split),
                pool,
                view,
                emission,
                metrics);
    }

    /**
     * A fresh cursor at the split's state: the lane's own, or one for the prefetcher. A setting
     * that may not change at restore fails the job once: no restart can fix it.
     */
    static LaneCursor cursor(MuxConfig config, LaneSplit split) throws IOException {
        try {
            return LaneCursor.open(config, split);
        } catch (IllegalStateException e) {
            throw new SuppressRestartsException(e);
        }
    }

    LaneSplit split() {
        return split;
    }

    /** By slice: its shard's id in the reader's {@link ShardPool}. */
    int[] shardIds() {
        return shards.ids();
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

    /** Hands the lane's next row to the emission, or says why it cannot. */
    Step step(ReaderOutput<T> output) throws IOException {
        RowRef ref;
        FieldRows rows;
        while (true) {
            if (pending != null && pastShare(emitted)) {
                // Drawn before a restore lowered maxRecords: dropped, taking its position as a
                // dropped row does (see nextUnskipped); the bounded mux then ends the lane.
                pending = null;
                advance();
            }
            ref = pending != null ? pending : nextUnskipped();
            if (ref == null) {
                releaseAll();
                if (config.monitored() && !shareReached()) {
                    dry = true;
                    return Step.DRY;
                }
                return Step.ENDED;
            }
            try {
                rows = shards.rows(ref.slice());
                break;
            } catch (PlannedShard.ChangedException e) {
                if (!config.skipBadShards()) {
                    throw new SuppressRestartsException(e); // no restart brings the file back
                }
                skip(ref.slice(), e);
                pending = null;
                advance(); // the row is dropped: see nextUnskipped
            }
        }
        if (rows == null) {
            pending = ref;
            waitingFor = shards.whenOpen(ref.slice());
            return Step.WAITING;
        }
        pending = null;
        emit(ref.slice(), rows, ref.row(), emitted, output);
        advance();
        return Step.EMITTED;
    }

    /**
     * Emits a row the lane held in a half-filled batch when its state was taken, again, or says why
     * it cannot yet. A row is dropped where a lane drawing it now would not emit it: past the
     * lane's share of a {@code maxRecords} lowered at the restore, or of a shard that changed since
     * and is skipped with skipBadShards. A changed shard is found only as it opens, so such rows
     * were emitted by the run before the restore and are not by the run after it (without
     * skipBadShards the restore fails, once); a record source's checkpoint holds no rows.
     */
    Step replay(LaneRow held, ReaderOutput<T> output) throws IOException {
        if (pastShare(held.position()) || skipped.get(held.slice())) {
            return Step.DROPPED;
        }
        FieldRows rows;
        try {
            rows = shards.rows(held.slice());
        } catch (PlannedShard.ChangedException e) {
            if (!config.skipBadShards()) {
                throw new SuppressRestartsException(e);
            }
            LOG.warn(
                    "Lane {} drops the rows it held in a half-filled batch at the checkpoint from"
                            + " a shard that changed since (skipBadShards); the batches from here"
                            + " on differ from those the run before the restore would have"
                            + " emitted",
                    lane());
            skip(held.slice(), e);
            return Step.DROPPED;
        }
        if (rows == null) {
            waitingFor = shards.whenOpen(held.slice());
            return Step.WAITING;
        }
        emit(held.slice(), rows, held.row(), held.position(), output);
        return Step.EMITTED;
    }

    /**
     * Asks the pool to open, ahead of need, the shards of the rows the lane will emit first: those
     * it holds and its pending row, except those it will drop (past its share). A restored lane's
     * prefetcher starts past them.
     */
    void openAhead(List<HeldRow> held) {
        held.stream()
                .filter(r -> !pastShare(r.position()))
                .mapToInt(HeldRow::slice)
                .distinct()
                .forEach(shards::openAhead);
        if (pending != null && !pastShare(emitted)) {
            shards.openAhead(pending.slice());
        }
    }

    private void emit(int slice, FieldRows rows, long row, long position, ReaderOutput<T> output) {
        LaneSlice s = shards.slice(slice);
        view.set(s, rows, row, position);
        emission.accept(view, output);
        metrics.recordEmitted(s.dataset);
    }

    /**
     * The mux's next row outside skipped slices, or null when the mux ended or every slice is
     * skipped. Rows of a skipped slice are drawn and dropped: the mux does not know the shard
     * changed, and dropping keeps the lane's sequence the same on every replay. A dropped row still
     * moves the lane's position, which counts what the mux drew: the lane's share of {@code
     * maxRecords} and the positions of weight steps are counted in drawn rows, and a restored mux
     * counts on from the position.
     */
    private RowRef nextUnskipped() {
        if (skippedCount == 0) {
            return cursor.next(); // the per-record path: no lookup
        }
        while (skippedCount < split.slices().size()) {
            RowRef ref = cursor.next();
            if (ref == null || !skipped.get(ref.slice())) {
                return ref;
            }
            advance();
        }
        return null;
    }

    /**
     * With skipBadShards: a shard that changed since it was planned is logged, counted, skipped.
     */
    private void skip(int slice, PlannedShard.ChangedException e) {
        if (!skipped.get(slice)) {
            skipped.set(slice);
            skippedCount++;
            LOG.warn(
                    "Lane {} skips the rest of a shard (skipBadShards): {}",
                    lane(),
                    e.getMessage());
            metrics.changedShardSkipped();
        }
    }

    /** Moves the lane's position past the row just emitted or dropped. */
    private void advance() {
        if (++emitted % PUBLISH_EVERY == 0) {
            published = emitted;
        }
    }

    /** Whether a row at {@code position} is past the lane's share of {@code maxRecords}. */
    private boolean pastShare(long position) {
        long share = LaneMuxFactory.maxRecords(config, split);
        return share >= 0 && position >= share;
    }

    /**
     * Whether the lane drew its whole share of {@code maxRecords}. A state written before dropped
     * rows took lane positions counts them only in its mux's bound, hence the second test.
     */
    private boolean shareReached() {
        long share = LaneMuxFactory.maxRecords(config, split);
        return share >= 0 && (emitted >= share || cursor.boundReached());
    }

    /** Whether the lane read everything it holds and waits for new slices. */
    boolean dry() {
        return dry;
    }

    /**
     * Appends the slices of an event that the lane lacks (events may repeat what it holds) and
     * continues its mux over them: the run is snapshotted and restored into the mux rebuilt over
     * every slice, exactly as a lane restored with more slices than its state continues.
     */
    Added addSlices(int from, List<ShardSlice> slices) throws IOException {
        int has = split.slices().size();
        if (from > has) {
            return Added.GAP;
        }
        if (has - from >= slices.size()) {
            return Added.NOTHING_NEW;
        }
        List<ShardSlice> added = slices.subList(has - from, slices.size());
        split = snapshot().withSlicesAdded(added);
        cursor = cursor(config, split);
        shards.add(added);
        dry = false;
        return Added.APPENDED;
    }

    /** A copy of the lane's mux at its current position, for the prefetcher. */
    LaneCursor copyOfCursor() throws IOException {
        return cursor(config, snapshot());
    }

    /** Rows of the lane's slices not yet drawn (exact when each row is read once). */
    long pendingRows() {
        long rows = 0;
        for (ShardSlice s : split.slices()) {
            rows += s.rows();
        }
        return Math.max(0, rows - emitted);
    }

    /** After {@link Step#WAITING}: completes when the awaited shard is open. */
    CompletableFuture<?> waitingFor() {
        return waitingFor;
    }

    /** Unpins every shard the lane holds (when it ends or its reader closes). */
    void releaseAll() {
        shards.releaseAll();
    }

    int activeStreams() {
        return cursor.activeStreams();
    }

    long activations() {
        return cursor.activations();
    }

    /**
     * Takes live weights from the next record on, unless the lane has them; true if it took them.
     */
    boolean applyLive(Map<String, Double> weights) {
        return cursor.applyLive(weights);
    }

    /** The weight of every dataset for the lane's next draw, in configuration order. */
    double[] datasetWeights() {
        return cursor.datasetWeights();
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

    /**
     * The lane as a split carrying its current state. A lane from a version 1 or 2 state keeps its
     * share of maxRecords as planned then, and records no settings (it is never checked).
     */
    LaneSplit snapshot() {
        boolean legacy = split.settings().isEmpty();
        if (!legacy && settings == null) {
            settings = ConfigFingerprint.of(config); // the same on every snapshot: built once
        }
        return split.withState(
                        MuxSnapshots.write(cursor),
                        emitted,
                        turnStart,
                        pending == null ? LaneSplit.NO_PENDING : pending.slice(),
                        pending == null ? 0 : pending.row())
                .withMix(
                        legacy ? split.maxRecords() : LaneMuxFactory.bound(config, split),
                        legacy ? split.settings() : settings,
                        cursor.weights());
    }
}

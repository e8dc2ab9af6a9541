package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a {@link StochasticMux}: the RNG, the slots with their cursors and budgets, and the
 * per-stream flags (pruned, already used, empty since the last item). The random choices are {@link
 * StochasticDraws}, chosen by the state version the run behaves as: {@link ExactDraws} for version
 * 2, {@link LegacyDraws} for a run restored from version 1, for the rest of its life.
 */
final class StochasticRun<T> implements Cursor<T>, MuxStatistics, Reweightable {
    private static final int DEAD = -1;
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final StochasticMux<T> mux;
    private final int version;
    private final StochasticDraws draws;
    private final Rng rng;
    private final int[] slotStream;
    private final List<Cursor<T>> slotCursor;
    private final long[] slotBudget;
    private final long[] slotCount;
    private final boolean[] pruned;
    private final boolean[] used;
    private final int[] activeIn;

    /** The weights drawn with now: the mux's, until {@link #reweight}. */
    private StreamWeights weights;

    /** {@code items} when the stream last came up empty; -1 if never. */
    private final long[] emptyAt;

    /** Streams not pruned with a positive weight: those the no-spin rule waits for. */
    private int eligible;

    /** Eligible streams that came up empty since the last item ({@code emptyAt == items}). */
    private int emptySinceLastItem;

    private long items;
    private long activations;
    private boolean started;
    private boolean ended;

    StochasticRun(StochasticMux<T> mux, Rng rng, int version) {
        this.mux = mux;
        this.version = version;
        this.draws = version == MuxSnapshots.VERSION_1 ? new LegacyDraws(mux) : new ExactDraws(mux);
        this.rng = rng;
        this.weights = mux.weights;
        int n = mux.streams.size();
        slotStream = new int[mux.nActive];
        java.util.Arrays.fill(slotStream, DEAD);
        slotCursor = new ArrayList<>(mux.nActive);
        for (int i = 0; i < mux.nActive; i++) {
            slotCursor.add(null);
        }
        slotBudget = new long[mux.nActive];
        slotCount = new long[mux.nActive];
        pruned = new boolean[n];
        used = new boolean[n];
        activeIn = new int[n];
        emptyAt = new long[n];
        java.util.Arrays.fill(emptyAt, -1);
    }

    /** Derives the candidate set and the no-spin counters from the flags; O(streams), once. */
    private StochasticRun<T> countAndRefreshAll() {
        eligible = 0;
        emptySinceLastItem = 0;
        for (int s = 0; s < pruned.length; s++) {
            if (isEligible(s)) {
                eligible++;
                emptySinceLastItem += emptyAt[s] == items ? 1 : 0;
            }
            refresh(s);
        }
        return this;
    }

    /** A fresh run, behaving as state {@code version}. */
    static <T> StochasticRun<T> open(StochasticMux<T> mux, Rng rng, int version) {
        return new StochasticRun<>(mux, rng, version).countAndRefreshAll();
    }

    @Override
    public int version() {
        return version;
    }

    @Override
    public T next() {
        if (ended) {
            return null;
        }
        if (!started) {
            started = true;
            for (int slot = 0; slot < slotStream.length; slot++) {
                activate(slot);
            }
        }
        while (true) {
            int slot = pickSlot();
            if (slot == DEAD) {
                ended = true;
                return null;
            }
            T item = slotCursor.get(slot).next();
            if (item == null) {
                if (streamEnded(slot)) {
                    ended = true;
                    return null;
                }
                continue;
            }
            items++;
            emptySinceLastItem = 0;
            slotCount[slot]++;
            if (--slotBudget[slot] == 0) {
                deactivate(slot);
                activate(slot);
            }
            return item;
        }
    }

    /** Handles a slot whose stream ended; returns true when the whole mux must end. */
    private boolean streamEnded(int slot) {
        int stream = slotStream[slot];
        boolean empty = slotCount[slot] == 0;
        deactivate(slot);
        if (empty) {
            if (emptyAt[stream] != items && isEligible(stream)) {
                emptySinceLastItem++;
            }
            emptyAt[stream] = items;
            if (mux.pruneEmptyStreams) {
                eligible--;
                emptySinceLastItem--;
                pruned[stream] = true;
                refresh(stream);
            } else if (mux.mode != StochasticMode.EXHAUSTIVE && allCandidatesEmptySinceLastItem()) {
                return true;
            }
        }
        activate(slot);
        return false;
    }

    /**
     * The no-spin rule: every stream that could be activated has come up empty since the last item.
     * (Exhaustive mode needs no rule: each stream is activated at most once.) Kept as counters, not
     * a scan, so that a lane of many streams does not pay O(streams) per empty activation.
     */
    private boolean allCandidatesEmptySinceLastItem() {
        return emptySinceLastItem == eligible;
    }

    private boolean isEligible(int stream) {
        return !pruned[stream] && weights.normalised[stream] > 0;
    }

    /** Tells the draws whether {@code stream} may fill a free slot now. */
    private void refresh(int stream) {
        boolean candidate =
                isEligible(stream)
                        && switch (mux.mode) {
                            case WITH_REPLACEMENT -> true;
                            case SINGLE_ACTIVE -> activeIn[stream] == 0;
                            case EXHAUSTIVE -> !used[stream];
                        };
        draws.setCandidate(stream, candidate);
    }

    /**
     * After {@code stream} was activated or deactivated. With replacement, that changes no
     * candidacy (only pruning and weights do), so the refresh is skipped: with many streams it
     * would read the stream's flags and weight, cold in cache, on every activation.
     */
    private void refreshAfterUse(int stream) {
        if (mux.mode != StochasticMode.WITH_REPLACEMENT) {
            refresh(stream);
        }
    }

    private int pickSlot() {
        int live = 0;
        int last = DEAD;
        for (int slot = 0; slot < slotStream.length; slot++) {
            if (slotStream[slot] != DEAD) {
                live++;
                last = slot;
            }
        }
        return live <= 1 ? last : draws.pickSlot(rng, slotStream);
    }

    private void deactivate(int slot) {
        int stream = slotStream[slot];
        slotStream[slot] = DEAD;
        slotCursor.set(slot, null);
        if (stream != DEAD) {
            activeIn[stream]--;
            refreshAfterUse(stream);
        }
    }

    /** Fills a free slot with a candidate stream, or leaves it dead when there is none. */
    private void activate(int slot) {
        int stream = draws.pickStream(rng);
        if (stream == DEAD) {
            return;
        }
        slotStream[slot] = stream;
        activeIn[stream]++;
        used[stream] = true;
        refreshAfterUse(stream);
        activations++;
        slotCount[slot] = 0;
        slotBudget[slot] = mux.hasRate() ? draws.budget(rng, stream, slotStream) : UNLIMITED;
        slotCursor.set(slot, mux.streams.get(stream).open(rng.nextLong(), version));
    }

    /**
     * New weights from the next item on. Active streams keep their slots and budgets (they finish
     * their activation), but slots are picked, and free slots filled, by the new weights. A stream
     * whose weight becomes zero leaves its slot at once (it would never be picked, or be picked
     * alone forever), and every free slot is then filled if a candidate exists, so slots emptied
     * for lack of candidates come back when weights bring some. Costs O(streams), once.
     */
    @Override
    public void reweight(double[] raw) {
        weights = StreamWeights.of(raw, pruned.length, slotStream.length);
        draws.reweight(weights);
        countAndRefreshAll();
        if (!started || ended) {
            return; // a run that has not started fills its slots at its first item
        }
        for (int slot = 0; slot < slotStream.length; slot++) {
            if (slotStream[slot] != DEAD && weights.normalised[slotStream[slot]] == 0) {
                deactivate(slot);
            }
        }
        for (int slot = 0; slot < slotStream.length; slot++) {
            if (slotStream[slot] == DEAD) {
                activate(slot);
            }
        }
    }

    @Override
    public long activations() {
        return activations;
    }

    @Override
    public int activeStreams() {
        int live = 0;
        for (int s : slotStream) {
            live += s == DEAD ? 0 : 1;
        }
        return live;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        rng.writeTo(out);
        out.writeLong(items);
        out.writeLong(activations);
        out.writeBoolean(started);
        out.writeBoolean(ended);
        for (int s = 0; s < pruned.length; s++) {
            out.writeByte((pruned[s] ? 1 : 0) | (used[s] ? 2 : 0));
            out.writeLong(emptyAt[s]);
        }
        for (int slot = 0; slot < slotStream.length; slot++) {
            out.writeInt(slotStream[slot]);
            if (slotStream[slot] != DEAD) {
                out.writeLong(slotBudget[slot]);
                out.writeLong(slotCount[slot]);
                slotCursor.get(slot).snapshot(out);
            }
        }
    }

    /** Restores a state written over the first {@code written} streams of {@code mux}. */
    static <T> StochasticRun<T> restore(
            StochasticMux<T> mux, DataInput in, int version, int written) throws IOException {
        StochasticRun<T> run = new StochasticRun<>(mux, Rng.readFrom(in), version);
        run.items = in.readLong();
        run.activations = in.readLong();
        run.started = in.readBoolean();
        run.ended = in.readBoolean();
        for (int s = 0; s < written; s++) {
            int flags = in.readByte();
            run.pruned[s] = (flags & 1) != 0;
            run.used[s] = (flags & 2) != 0;
            run.emptyAt[s] = in.readLong();
        }
        for (int slot = 0; slot < run.slotStream.length; slot++) {
            int stream = in.readInt();
            if (stream < DEAD || stream >= written) {
                throw new IOException(
                        "corrupt mux state: slot " + slot + " holds stream " + stream);
            }
            run.slotStream[slot] = stream;
            if (stream != DEAD) {
                run.activeIn[stream]++;
                run.slotBudget[slot] = in.readLong();
                run.slotCount[slot] = in.readLong();
                run.slotCursor.set(slot, mux.streams.get(stream).restore(in, version));
            }
        }
        run.countAndRefreshAll();
        if (written < run.pruned.length) {
            run.admitAddedStreams();
        }
        return run;
    }

    /** After streams were added: a started run fills its dead slots now and no longer ends. */
    private void admitAddedStreams() {
        if (!started) {
            return;
        }
        ended = false;
        for (int slot = 0; slot < slotStream.length; slot++) {
            if (slotStream[slot] == DEAD) {
                activate(slot);
            }
        }
    }
}

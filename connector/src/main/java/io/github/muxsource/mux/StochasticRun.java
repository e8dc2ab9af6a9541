package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a {@link StochasticMux}: the RNG, the slots with their cursors and budgets, and the
 * per-stream flags (pruned, already used, empty since the last item).
 */
final class StochasticRun<T> implements Cursor<T>, MuxStatistics {
    private static final int DEAD = -1;
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final StochasticMux<T> mux;
    private final Rng rng;
    private final int[] slotStream;
    private final List<Cursor<T>> slotCursor;
    private final long[] slotBudget;
    private final long[] slotCount;
    private final boolean[] pruned;
    private final boolean[] used;
    private final int[] activeIn;

    /** {@code items} when the stream last came up empty; -1 if never. */
    private final long[] emptyAt;

    /** Scratch for weighted choices; no state. */
    private final double[] scratch;

    private long items;
    private long activations;
    private boolean started;
    private boolean ended;

    StochasticRun(StochasticMux<T> mux, Rng rng) {
        this.mux = mux;
        this.rng = rng;
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
        scratch = new double[Math.max(n, mux.nActive)];
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
            emptyAt[stream] = items;
            if (mux.pruneEmptyStreams) {
                pruned[stream] = true;
            } else if (mux.mode != StochasticMode.EXHAUSTIVE && allCandidatesEmptySinceLastItem()) {
                return true;
            }
        }
        activate(slot);
        return false;
    }

    /**
     * The no-spin rule: every stream that could be activated has come up empty since the last item.
     * (Exhaustive mode needs no rule: each stream is activated at most once.)
     */
    private boolean allCandidatesEmptySinceLastItem() {
        for (int s = 0; s < pruned.length; s++) {
            if (!pruned[s] && mux.weights[s] > 0 && emptyAt[s] != items) {
                return false;
            }
        }
        return true;
    }

    private int pickSlot() {
        double total = 0;
        int live = 0;
        int last = DEAD;
        for (int slot = 0; slot < slotStream.length; slot++) {
            int s = slotStream[slot];
            double w = s == DEAD ? 0 : mux.weights[s];
            scratch[slot] = w;
            total += w;
            if (s != DEAD) {
                live++;
                last = slot;
            }
        }
        if (live <= 1) {
            return last;
        }
        return rng.pick(scratch, slotStream.length, total);
    }

    private void deactivate(int slot) {
        int stream = slotStream[slot];
        if (stream != DEAD) {
            activeIn[stream]--;
        }
        slotStream[slot] = DEAD;
        slotCursor.set(slot, null);
    }

    /** Fills a free slot with a candidate stream, or leaves it dead when there is none. */
    private void activate(int slot) {
        int n = pruned.length;
        double total = 0;
        for (int s = 0; s < n; s++) {
            boolean candidate =
                    !pruned[s]
                            && mux.weights[s] > 0
                            && switch (mux.mode) {
                                case WITH_REPLACEMENT -> true;
                                case SINGLE_ACTIVE -> activeIn[s] == 0;
                                case EXHAUSTIVE -> !used[s];
                            };
            double w = !candidate ? 0 : mux.activation == Activation.WEIGHTED ? mux.weights[s] : 1;
            scratch[s] = w;
            total += w;
        }
        if (total == 0) {
            return;
        }
        int stream = rng.pick(scratch, n, total);
        slotStream[slot] = stream;
        activeIn[stream]++;
        used[stream] = true;
        activations++;
        slotCount[slot] = 0;
        slotBudget[slot] = mux.hasRate() ? mux.dist.draw(rng, mux.rate, share(stream)) : UNLIMITED;
        slotCursor.set(slot, mux.streams.get(stream).open(rng.nextLong()));
    }

    /** The stream's weight as a share of the weight of all live slots (itself included). */
    private double share(int stream) {
        double active = 0;
        for (int s : slotStream) {
            if (s != DEAD) {
                active += mux.weights[s];
            }
        }
        return mux.weights[stream] / active;
    }

    /** The stream index in each slot, -1 for a dead slot; a copy, for tests. */
    int[] slotStreamsForTest() {
        return slotStream.clone();
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

    static <T> StochasticRun<T> restore(StochasticMux<T> mux, DataInput in) throws IOException {
        StochasticRun<T> run = new StochasticRun<>(mux, Rng.readFrom(in));
        run.items = in.readLong();
        run.activations = in.readLong();
        run.started = in.readBoolean();
        run.ended = in.readBoolean();
        for (int s = 0; s < run.pruned.length; s++) {
            int flags = in.readByte();
            run.pruned[s] = (flags & 1) != 0;
            run.used[s] = (flags & 2) != 0;
            run.emptyAt[s] = in.readLong();
        }
        for (int slot = 0; slot < run.slotStream.length; slot++) {
            int stream = in.readInt();
            if (stream < DEAD || stream >= run.pruned.length) {
                throw new IOException(
                        "corrupt mux state: slot " + slot + " holds stream " + stream);
            }
            run.slotStream[slot] = stream;
            if (stream != DEAD) {
                run.activeIn[stream]++;
                run.slotBudget[slot] = in.readLong();
                run.slotCount[slot] = in.readLong();
                run.slotCursor.set(slot, mux.streams.get(stream).restore(in));
            }
        }
        return run;
    }
}

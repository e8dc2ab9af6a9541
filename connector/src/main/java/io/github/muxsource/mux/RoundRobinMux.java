package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pescador's {@code RoundRobinMux}: one item from each live stream in strict rotation, skipping
 * streams that ended. {@code ["ab", "cde", "fghi"]} gives {@code acfbdgehi}. See {@link
 * RoundRobinMode} for what happens after every stream has ended; a pass that yields nothing ends
 * the mux in every mode, so all-empty streams never spin.
 *
 * @param <T> the item type
 */
public final class RoundRobinMux<T> implements GrowableStreamer<T> {
    private final List<? extends Streamer<T>> streams;
    private final RoundRobinMode mode;

    public RoundRobinMux(List<? extends Streamer<T>> streams, RoundRobinMode mode) {
        this.streams = List.copyOf(StochasticMux.require(streams, "streams"));
        this.mode = StochasticMux.require(mode, "mode");
    }

    @Override
    public Cursor<T> open(long seed) {
        return open(seed, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> restore(DataInput in) throws IOException {
        return restore(in, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> open(long seed, int version) {
        Run run = new Run(MuxSnapshots.checkVersion(version), Rng.seeded(seed));
        run.startPass();
        return run;
    }

    @Override
    public int streamCount() {
        return streams.size();
    }

    @Override
    public Cursor<T> restore(DataInput in, int version) throws IOException {
        return restoreGrown(in, version, streams.size());
    }

    /**
     * Added streams take the rotation positions after the written ones, in stream order, and open
     * at once (in this pass), so a run that had ended continues with them.
     */
    @Override
    public Cursor<T> restoreGrown(DataInput in, int version, int written) throws IOException {
        Run run = new Run(MuxSnapshots.checkVersion(version), Rng.readFrom(in));
        run.position = in.readInt();
        run.passYielded = in.readBoolean();
        run.ended = in.readBoolean();
        for (int p = 0; p < written; p++) {
            run.order[p] = in.readInt();
            if (run.order[p] < 0 || run.order[p] >= written) {
                throw new IOException(
                        "corrupt mux state: rotation position " + p + " holds " + run.order[p]);
            }
            if (in.readBoolean()) {
                run.cursors.set(p, streams.get(run.order[p]).restore(in, version));
            }
        }
        for (int p = written; p < run.order.length; p++) {
            run.cursors.set(p, streams.get(p).open(run.rng.nextLong(), version));
            run.ended = false;
        }
        return run;
    }

    private final class Run implements Cursor<T> {
        private final int version;
        private final Rng rng;

        /** order[p]: the stream at rotation position p. */
        private final int[] order = new int[streams.size()];

        /** Cursor at each rotation position; null once that stream ended this pass. */
        private final List<Cursor<T>> cursors = new ArrayList<>();

        private int position;
        private boolean passYielded;
        private boolean ended;

        Run(int version, Rng rng) {
            this.version = version;
            this.rng = rng;
            for (int p = 0; p < order.length; p++) {
                order[p] = p;
                cursors.add(null);
            }
        }

        void startPass() {
            if (mode == RoundRobinMode.PERMUTED_CYCLE) {
                rng.shuffle(order);
            }
            for (int p = 0; p < order.length; p++) {
                cursors.set(p, streams.get(order[p]).open(rng.nextLong(), version));
            }
            position = 0;
            passYielded = false;
        }

        @Override
        public T next() {
            while (!ended) {
                for (int tried = 0; tried < order.length; tried++) {
                    int p = position;
                    position = (position + 1) % order.length;
                    Cursor<T> cursor = cursors.get(p);
                    if (cursor == null) {
                        continue;
                    }
                    T item = cursor.next();
                    if (item != null) {
                        passYielded = true;
                        return item;
                    }
                    cursors.set(p, null);
                }
                if (!anyLive()) {
                    if (mode == RoundRobinMode.EXHAUSTIVE || !passYielded) {
                        ended = true;
                    } else {
                        startPass();
                    }
                }
            }
            return null;
        }

        private boolean anyLive() {
            for (Cursor<T> c : cursors) {
                if (c != null) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int version() {
            return version;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            rng.writeTo(out);
            out.writeInt(position);
            out.writeBoolean(passYielded);
            out.writeBoolean(ended);
            for (int p = 0; p < order.length; p++) {
                out.writeInt(order[p]);
                out.writeBoolean(cursors.get(p) != null);
                if (cursors.get(p) != null) {
                    cursors.get(p).snapshot(out);
                }
            }
        }
    }
}

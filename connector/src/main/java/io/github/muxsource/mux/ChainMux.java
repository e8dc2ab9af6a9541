package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Pescador's {@code ChainMux}: streams one after another. {@code ["abc", "def"]} gives {@code
 * abcdef} ({@link ChainMode#EXHAUSTIVE}) or {@code abcdefabcdef...} ({@link ChainMode#CYCLE}). A
 * cycle whose whole pass yields nothing ends, so empty streams never spin.
 *
 * @param <T> the item type
 */
public final class ChainMux<T> implements GrowableStreamer<T> {
    private final List<? extends Streamer<T>> streams;
    private final ChainMode mode;

    public ChainMux(List<? extends Streamer<T>> streams, ChainMode mode) {
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
        return new Run(MuxSnapshots.checkVersion(version), Rng.seeded(seed), 0, false, null);
    }

    @Override
    public int streamCount() {
        return streams.size();
    }

    /** The chain's state names a position, not a stream count: it continues into added streams. */
    @Override
    public Cursor<T> restoreGrown(DataInput in, int version, int written) throws IOException {
        return restore(in, version);
    }

    @Override
    public Cursor<T> restore(DataInput in, int version) throws IOException {
        MuxSnapshots.checkVersion(version);
        Rng rng = Rng.readFrom(in);
        int index = in.readInt();
        boolean passYielded = in.readBoolean();
        Cursor<T> current = in.readBoolean() ? streams.get(index).restore(in, version) : null;
        return new Run(version, rng, index, passYielded, current);
    }

    private final class Run implements Cursor<T> {
        private final int version;
        private final Rng rng;
        private int index;
        private boolean passYielded;
        private Cursor<T> current;

        Run(int version, Rng rng, int index, boolean passYielded, Cursor<T> current) {
            this.version = version;
            this.rng = rng;
            this.index = index;
            this.passYielded = passYielded;
            this.current = current;
        }

        @Override
        public T next() {
            while (index < streams.size()) {
                if (current == null) {
                    current = streams.get(index).open(rng.nextLong(), version);
                }
                T item = current.next();
                if (item != null) {
                    passYielded = true;
                    return item;
                }
                current = null;
                index++;
                if (index == streams.size() && mode == ChainMode.CYCLE && passYielded) {
                    index = 0;
                    passYielded = false;
                }
            }
            return null;
        }

        @Override
        public int version() {
            return version;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            rng.writeTo(out);
            out.writeInt(index);
            out.writeBoolean(passYielded);
            out.writeBoolean(current != null);
            if (current != null) {
                current.snapshot(out);
            }
        }
    }
}

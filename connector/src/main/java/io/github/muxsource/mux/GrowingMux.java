package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Wraps a {@link GrowableStreamer} so that its state records how many streams it was written over
 * (an int before the mux's own fields). A lane that receives new streams snapshots its run,
 * rebuilds the mux over all its streams and restores the snapshot into it; a lane restored with
 * more streams than its state was written over does the same, so both continue identically.
 *
 * @param <T> the item type
 */
public final class GrowingMux<T> implements Streamer<T> {
    private final GrowableStreamer<T> inner;

    public GrowingMux(GrowableStreamer<T> inner) {
        this.inner = StochasticMux.require(inner, "inner");
    }

    @Override
    public Cursor<T> open(long seed) {
        return open(seed, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> open(long seed, int version) {
        return new Run<>(inner.open(seed, version), inner.streamCount());
    }

    @Override
    public Cursor<T> restore(DataInput in) throws IOException {
        return restore(in, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> restore(DataInput in, int version) throws IOException {
        int written = in.readInt();
        int streams = inner.streamCount();
        if (written < 0 || written > streams) {
            throw new IOException(
                    "corrupt mux state: written over "
                            + written
                            + " streams, but the mux has "
                            + streams
                            + " (streams can be added, never removed)");
        }
        Cursor<T> cursor =
                written == streams
                        ? inner.restore(in, version)
                        : inner.restoreGrown(in, version, written);
        return new Run<>(cursor, streams);
    }

    private static final class Run<T> extends WrappingCursor<T> {
        private final int streams;

        Run(Cursor<T> cursor, int streams) {
            super(cursor);
            this.streams = streams;
        }

        @Override
        public T next() {
            return cursor.next();
        }

        @Override
        void snapshotOwn(DataOutput out) throws IOException {
            out.writeInt(streams);
        }
    }
}

package io.github.muxsource.mux;

import java.io.DataOutput;
import java.io.IOException;

/**
 * A cursor that wraps another run and adds a field of its own in front of its state: it passes the
 * run's version, statistics and weight changes through, so wrappers ({@link MaxRecords}, {@link
 * GrowingMux}) stack without hiding what the mux inside can do.
 *
 * @param <T> the item type
 */
abstract class WrappingCursor<T> implements Cursor<T>, MuxStatistics, Reweightable {
    final Cursor<T> cursor;

    WrappingCursor(Cursor<T> cursor) {
        this.cursor = cursor;
    }

    /** Writes the wrapper's own fields, before the wrapped run's state. */
    abstract void snapshotOwn(DataOutput out) throws IOException;

    @Override
    public final void snapshot(DataOutput out) throws IOException {
        snapshotOwn(out);
        cursor.snapshot(out);
    }

    @Override
    public final int version() {
        return cursor.version();
    }

    @Override
    public final void reweight(double[] weights) {
        if (!(cursor instanceof Reweightable)) {
            throw new UnsupportedOperationException(
                    "this mux has no weights to change: " + cursor.getClass().getSimpleName());
        }
        ((Reweightable) cursor).reweight(weights);
    }

    @Override
    public final long activations() {
        return cursor instanceof MuxStatistics ? ((MuxStatistics) cursor).activations() : 0;
    }

    @Override
    public final int activeStreams() {
        return cursor instanceof MuxStatistics ? ((MuxStatistics) cursor).activeStreams() : 0;
    }
}

package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Bounds any streamer to at most {@code max} items per iteration (Pescador's {@code max_iter}).
 *
 * @param <T> the item type
 */
public final class MaxRecords<T> implements Streamer<T> {
    private final Streamer<T> inner;
    private final long max;

    /** For a bound added to a run whose state has none: its item count; -1 otherwise. */
    private final long addedAt;

    public MaxRecords(Streamer<T> inner, long max) {
        this(inner, max, -1);
    }

    private MaxRecords(Streamer<T> inner, long max, long addedAt) {
        if (max < 0) {
            throw new IllegalArgumentException("maxRecords must be >= 0, got " + max);
        }
        this.inner = StochasticMux.require(inner, "inner");
        this.max = max;
        this.addedAt = addedAt;
    }

    /**
     * A bound added to a run whose state was written without one, after {@code items} items: its
     * {@link #restore} reads the inner state alone and counts on from {@code items} (its snapshots
     * then carry the count, as any bounded run's do).
     */
    public static <T> MaxRecords<T> addedAfter(Streamer<T> inner, long max, long items) {
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, got " + items);
        }
        return new MaxRecords<>(inner, max, items);
    }

    @Override
    public Cursor<T> open(long seed) {
        return new Run(inner.open(seed), 0);
    }

    @Override
    public Cursor<T> open(long seed, int version) {
        return new Run(inner.open(seed, version), 0);
    }

    @Override
    public Cursor<T> restore(DataInput in) throws IOException {
        return restore(in, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> restore(DataInput in, int version) throws IOException {
        long count = addedAt >= 0 ? addedAt : in.readLong();
        return new Run(inner.restore(in, version), count);
    }

    private final class Run extends WrappingCursor<T> implements Bounded {
        private long count;

        Run(Cursor<T> cursor, long count) {
            super(cursor);
            this.count = count;
        }

        @Override
        public T next() {
            if (count >= max) {
                return null;
            }
            T item = cursor.next();
            if (item != null) {
                count++;
            }
            return item;
        }

        @Override
        public boolean boundReached() {
            return count >= max;
        }

        @Override
        void snapshotOwn(DataOutput out) throws IOException {
            out.writeLong(count);
        }
    }
}

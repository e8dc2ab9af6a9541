package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Pescador's {@code buffer_stream}: stacks every {@code size} items of a streamer into one batch. A
 * batch is assembled within one {@link Cursor#next} call, so no item is ever buffered between calls
 * and the state is the inner cursor's alone.
 *
 * @param <T> the item type
 * @param <B> the batch type
 */
public final class Batched<T, B> implements Streamer<B> {
    private final Streamer<T> inner;
    private final int size;
    private final boolean partial;
    private final Function<List<T>, B> stack;

    /**
     * @param size items per batch, at least 1
     * @param partial whether a final batch of fewer than {@code size} items is yielded (otherwise
     *     it is dropped)
     * @param stack turns a list of items into a batch; must not keep the list
     */
    public Batched(Streamer<T> inner, int size, boolean partial, Function<List<T>, B> stack) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        this.inner = StochasticMux.require(inner, "inner");
        this.size = size;
        this.partial = partial;
        this.stack = StochasticMux.require(stack, "stack");
    }

    @Override
    public Cursor<B> open(long seed) {
        return new Run(inner.open(seed));
    }

    @Override
    public Cursor<B> open(long seed, int version) {
        return new Run(inner.open(seed, version));
    }

    @Override
    public Cursor<B> restore(DataInput in) throws IOException {
        return new Run(inner.restore(in));
    }

    @Override
    public Cursor<B> restore(DataInput in, int version) throws IOException {
        return new Run(inner.restore(in, version));
    }

    private final class Run implements Cursor<B> {
        private final Cursor<T> cursor;

        Run(Cursor<T> cursor) {
            this.cursor = cursor;
        }

        @Override
        public B next() {
            List<T> items = new ArrayList<>(size);
            T item;
            while (items.size() < size && (item = cursor.next()) != null) {
                items.add(item);
            }
            if (items.size() == size || (partial && !items.isEmpty())) {
                return stack.apply(items);
            }
            return null;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            cursor.snapshot(out);
        }

        @Override
        public int version() {
            return cursor.version();
        }
    }
}

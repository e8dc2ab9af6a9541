package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A finite in-memory stream: every activation yields the list from its start.
 *
 * @param <T> the item type
 */
public final class ListStreamer<T> implements Streamer<T> {
    private final List<T> items;

    public ListStreamer(List<T> items) {
        this.items = List.copyOf(items);
    }

    /** A stream of the characters of {@code s}, as one-character strings. */
    public static ListStreamer<String> ofChars(String s) {
        List<String> chars = new ArrayList<>();
        for (char c : s.toCharArray()) {
            chars.add(String.valueOf(c));
        }
        return new ListStreamer<>(chars);
    }

    @Override
    public Cursor<T> open(long seed) {
        return new Run(0);
    }

    @Override
    public Cursor<T> restore(DataInput in) throws IOException {
        return new Run(in.readInt());
    }

    private final class Run implements Cursor<T> {
        private int position;

        Run(int position) {
            this.position = position;
        }

        @Override
        public T next() {
            return position < items.size() ? items.get(position++) : null;
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeInt(position);
        }
    }
}

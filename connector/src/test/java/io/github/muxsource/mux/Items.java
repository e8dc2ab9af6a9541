package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Test streams and helpers for reading cursors. */
final class Items {
    private Items() {}

    static List<ListStreamer<String>> chars(String... streams) {
        List<ListStreamer<String>> out = new ArrayList<>();
        for (String s : streams) {
            out.add(ListStreamer.ofChars(s));
        }
        return out;
    }

    /** Items labelled "stream:index" so tests can tell where each came from. */
    static List<ListStreamer<String>> labelled(int streams, int length) {
        List<ListStreamer<String>> out = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                items.add(s + ":" + i);
            }
            out.add(new ListStreamer<>(items));
        }
        return out;
    }

    static List<String> take(Cursor<String> cursor, int n) {
        List<String> out = new ArrayList<>();
        String item;
        while (out.size() < n && (item = cursor.next()) != null) {
            out.add(item);
        }
        return out;
    }

    static String joined(Cursor<String> cursor, int n) {
        return String.join("", take(cursor, n));
    }

    static int streamOf(String labelled) {
        return Integer.parseInt(labelled.substring(0, labelled.indexOf(':')));
    }

    /** An endless stream of random labels "id:r" drawn from the cursor's own RNG. */
    static final class Endless implements Streamer<String> {
        private final int id;

        Endless(int id) {
            this.id = id;
        }

        static List<Endless> of(int n) {
            List<Endless> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new Endless(i));
            }
            return out;
        }

        @Override
        public Cursor<String> open(long seed) {
            return new Run(Rng.seeded(seed));
        }

        @Override
        public Cursor<String> restore(DataInput in) throws IOException {
            return new Run(Rng.readFrom(in));
        }

        private final class Run implements Cursor<String> {
            private final Rng rng;

            Run(Rng rng) {
                this.rng = rng;
            }

            @Override
            public String next() {
                return id + ":" + rng.nextInt(1000);
            }

            @Override
            public void snapshot(DataOutput out) throws IOException {
                rng.writeTo(out);
            }
        }
    }
}

import java.util.SplittableRandom;

/**
 * What an activation's reads cost in two memory layouts, many streams against few (issue 16,
 * docs/benchmarks.md): the path a lane takes now, modelled object for object, against one object
 * per stream holding everything an activation reads. Both draw the stream with the same Fenwick
 * tree and read 8 rows of 17 bytes from a 416-byte heap array, as {@code bench} does with rate 8 and
 * random rows; nothing else of a job is modelled.
 *
 * <ul>
 *   <li>{@code scattered}, as the reader lays it out now: the mux's parallel arrays ({@code
 *       activeIn}, {@code used}, the weights), the stream's streamer, the lane's slice and its
 *       planned slice, the pool's heap array and the shard's rows object, each allocated when the
 *       reader would allocate it (streamers and slices at planning, rows as shards open, among
 *       what an open shard keeps besides);
 *   <li>{@code packed}: one object per stream with the mux's flags and weight, the slice's range,
 *       seed and dataset, and the rows array.
 * </ul>
 *
 * <p>Run with {@code java docs/LayoutFloor.java ACTIVATIONS}; prints ns per activation for 500 and
 * 15,000 streams in each layout, alternating, three rounds.
 */
public class LayoutFloor {
    private static final int ROWS = 20;
    private static final int X_BYTES = 16;
    private static final int SHARD_BYTES = ROWS * X_BYTES + ROWS;
    private static final int ROWS_PER_ACTIVATION = 8;

    /** What an open shard keeps besides its rows; held so that it stays between them. */
    private static Object[] neighbours;

    static final class Streamer {
        final int slice;
        final long start;
        final long rows;
        final long seed;

        Streamer(int slice, long start, long rows, long seed) {
            this.slice = slice;
            this.start = start;
            this.rows = rows;
            this.seed = seed;
        }
    }

    static final class Planned {
        final String path;
        final long rowStart;
        final long rowEnd;

        Planned(String path, long rowStart, long rowEnd) {
            this.path = path;
            this.rowStart = rowStart;
            this.rowEnd = rowEnd;
        }
    }

    static final class Slice {
        final Planned planned;
        final int dataset;
        final int shardId;

        Slice(Planned planned, int dataset, int shardId) {
            this.planned = planned;
            this.dataset = dataset;
            this.shardId = shardId;
        }
    }

    static final class Rows {
        final long rows;
        final byte[] heap;
        boolean recent;

        Rows(long rows, byte[] heap) {
            this.rows = rows;
            this.heap = heap;
        }
    }

    /** Everything an activation reads of one stream, in one object. */
    static final class Stream {
        int activeIn;
        boolean used;
        long weight;
        long start;
        long rows;
        long seed;
        int dataset;
        byte[] heap;
    }

    /** The two layouts over the same streams; {@link #activate} returns a sum of what it read. */
    private abstract static class Layout {
        final long[] tree;
        final int size;

        Layout(int streams) {
            size = streams;
            tree = new long[streams + 1];
            for (int i = 1; i <= streams; i++) {
                tree[i] += 1;
                int parent = i + (i & -i);
                if (parent <= streams) {
                    tree[parent] += tree[i];
                }
            }
        }

        /** The stream whose weight interval holds {@code target}, as the mux's tree finds it. */
        int find(long target) {
            int at = 0;
            for (int step = Integer.highestOneBit(size); step > 0; step >>= 1) {
                int next = at + step;
                if (next <= size && tree[next] <= target) {
                    at = next;
                    target -= tree[next];
                }
            }
            return at;
        }

        abstract long activate(SplittableRandom draws);
    }

    private static final class Scattered extends Layout {
        final int[] activeIn;
        final boolean[] used;
        final long[] weights;
        final Streamer[] streamers;
        final Slice[] slices;
        final Rows[] onHeap;

        Scattered(int streams, byte[][] shards) {
            super(streams);
            activeIn = new int[streams];
            used = new boolean[streams];
            weights = new long[streams];
            streamers = new Streamer[streams];
            slices = new Slice[streams];
            onHeap = new Rows[streams];
            Planned[] planned = new Planned[streams];
            for (int i = 0; i < streams; i++) {
                planned[i] = new Planned("/data/s" + i + ".npz", 0, ROWS);
                weights[i] = 1;
            }
            for (int i = 0; i < streams; i++) {
                streamers[i] = new Streamer(i, 0, ROWS, i * 31L);
            }
            for (int i = 0; i < streams; i++) {
                slices[i] = new Slice(planned[i], 0, i);
            }
            for (int i = 0; i < streams; i++) {
                onHeap[i] = new Rows(ROWS, shards[i]);
            }
        }

        @Override
        long activate(SplittableRandom draws) {
            int stream = find(draws.nextLong(size));
            activeIn[stream]++;
            used[stream] = true;
            long sum = weights[stream];
            Streamer streamer = streamers[stream];
            sum += streamer.seed ^ draws.nextLong();
            Slice slice = slices[streamer.slice];
            Rows rows = onHeap[slice.shardId];
            if (slice.planned.rowEnd > rows.rows) {
                throw new IllegalStateException();
            }
            if (!rows.recent) {
                rows.recent = true;
            }
            sum += readRows(rows.heap, streamer.start, streamer.rows, slice.dataset, draws);
            activeIn[stream]--;
            return sum;
        }
    }

    private static final class Packed extends Layout {
        final Stream[] streams;

        Packed(int count, byte[][] shards) {
            super(count);
            streams = new Stream[count];
            for (int i = 0; i < count; i++) {
                Stream s = new Stream();
                s.weight = 1;
                s.rows = ROWS;
                s.seed = i * 31L;
                streams[i] = s;
            }
            for (int i = 0; i < count; i++) {
                streams[i].heap = shards[i]; // set as the shard opens
            }
        }

        @Override
        long activate(SplittableRandom draws) {
            Stream s = streams[find(draws.nextLong(size))];
            s.activeIn++;
            s.used = true;
            long sum = s.weight + (s.seed ^ draws.nextLong());
            sum += readRows(s.heap, s.start, s.rows, s.dataset, draws);
            s.activeIn--;
            return sum;
        }
    }

    /** The activation's records: 8 uniform rows, both fields. */
    private static long readRows(
            byte[] shard, long start, long rows, int dataset, SplittableRandom draws) {
        long sum = dataset;
        for (int r = 0; r < ROWS_PER_ACTIVATION; r++) {
            int row = (int) (start + draws.nextLong(rows));
            sum += shard[row * X_BYTES] + shard[row * X_BYTES + X_BYTES - 1];
            sum += shard[ROWS * X_BYTES + row];
        }
        return sum;
    }

    /** Shard rows allocated among objects the size of what an open shard keeps besides. */
    private static byte[][] shards(int streams) {
        SplittableRandom layout = new SplittableRandom(1);
        byte[][] shards = new byte[streams][];
        neighbours = new Object[streams * 12];
        for (int i = 0; i < streams; i++) {
            for (int j = 0; j < 6; j++) {
                neighbours[i * 12 + j] = new byte[64 + layout.nextInt(200)];
            }
            shards[i] = new byte[SHARD_BYTES];
            layout.nextBytes(shards[i]);
            for (int j = 6; j < 12; j++) {
                neighbours[i * 12 + j] = new long[4 + layout.nextInt(8)];
            }
        }
        return shards;
    }

    public static void main(String[] args) {
        long activations = Long.parseLong(args[0]);
        long sum = 0;
        for (int round = 1; round <= 3; round++) {
            for (String name : new String[] {"scattered", "packed"}) {
                for (int streams : new int[] {500, 15_000}) {
                    byte[][] shards = shards(streams);
                    Layout layout =
                            name.equals("scattered")
                                    ? new Scattered(streams, shards)
                                    : new Packed(streams, shards);
                    System.gc();
                    SplittableRandom draws = new SplittableRandom(7);
                    for (long a = 0; a < activations / 4; a++) { // compiles and warms
                        sum += layout.activate(draws);
                    }
                    long start = System.nanoTime();
                    for (long a = 0; a < activations; a++) {
                        sum += layout.activate(draws);
                    }
                    double nanos = System.nanoTime() - start;
                    System.out.printf(
                            "round=%d layout=%s streams=%d ns_per_activation=%.1f%n",
                            round, name, streams, nanos / activations);
                }
            }
        }
        System.out.println(sum == Long.MIN_VALUE ? "!" : ""); // keeps the reads
    }
}

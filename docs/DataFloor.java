import java.util.SplittableRandom;

/**
 * The data floor of the many-streams benchmark (docs/benchmarks.md, issue 16): what touching the
 * rows alone costs, with nothing else around it. N shards of 20 rows as `bench` reads them from the
 * heap (X, 20 x 16 uint8, then Y, 20 uint8: 416 bytes in one array), each allocated between
 * objects of the sizes an open shard keeps (headers, names, readers), so that they lie as far apart
 * as a reader's do. Each activation picks a uniform stream and reads 8 uniform rows of it, both
 * fields, as a lane does at rate 8 with random rows.
 *
 * <p>Run with {@code java docs/DataFloor.java N ACTIVATIONS}; prints ns per activation and per
 * record for three rounds. Compare N = 500 and N = 15000 in one sitting.
 */
public class DataFloor {
    private static final int ROWS = 20;
    private static final int X_BYTES = 16;
    private static final int SHARD_BYTES = ROWS * X_BYTES + ROWS;
    private static final int ROWS_PER_ACTIVATION = 8;

    /** What an open shard keeps besides its rows; held so that it stays between them. */
    private static Object[] neighbours;

    public static void main(String[] args) {
        int streams = Integer.parseInt(args[0]);
        long activations = Long.parseLong(args[1]);
        SplittableRandom layout = new SplittableRandom(1);
        byte[][] shards = new byte[streams][];
        neighbours = new Object[streams * 12];
        for (int i = 0; i < streams; i++) {
            for (int j = 0; j < 6; j++) {
                neighbours[i * 12 + j] = new byte[64 + layout.nextInt(200)];
            }
            shards[i] = new byte[SHARD_BYTES];
            for (int b = 0; b < SHARD_BYTES; b++) {
                shards[i][b] = (byte) layout.nextInt();
            }
            for (int j = 6; j < 12; j++) {
                neighbours[i * 12 + j] = new long[4 + layout.nextInt(8)];
            }
        }
        System.gc();
        SplittableRandom draws = new SplittableRandom(7);
        long sum = 0;
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            for (long a = 0; a < activations; a++) {
                byte[] shard = shards[draws.nextInt(streams)];
                for (int r = 0; r < ROWS_PER_ACTIVATION; r++) {
                    int row = draws.nextInt(ROWS);
                    sum += shard[row * X_BYTES] + shard[row * X_BYTES + X_BYTES - 1];
                    sum += shard[ROWS * X_BYTES + row];
                }
            }
            double nanos = System.nanoTime() - start;
            System.out.printf(
                    "streams=%d round=%d ns_per_activation=%.1f ns_per_record=%.2f%n",
                    streams,
                    round,
                    nanos / activations,
                    nanos / (activations * ROWS_PER_ACTIVATION));
        }
        System.out.println(sum == Long.MIN_VALUE ? "!" : ""); // keeps the reads
    }
}

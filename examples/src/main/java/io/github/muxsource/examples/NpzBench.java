package io.github.muxsource.examples;

import io.github.muxsource.mux.Rng;
import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.NpzWriter;
import io.github.muxsource.npz.RowReader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench-npz}: rows/s for sequential and random row access over a stored N × 28 × 28 uint8
 * shard, beside the ceiling measured in the same run: copying each row from a heap {@code byte[]}
 * into a new {@code byte[784]}. Every row lands in a fresh array, as a record would.
 */
final class NpzBench {
    private static final int ROW = 784;
    private static long sink;

    private NpzBench() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of(), Set.of("rows", "rounds"));
        int rows = args.getInt("rows", 60_000);
        int rounds = args.getInt("rounds", 15);
        byte[] heap = FashionMnist.synthetic(rows).images;
        Path dir = Files.createTempDirectory("muxsource-bench-npz");
        Path file = dir.resolve("shard.npz");
        try (NpzWriter w = NpzWriter.create(file, false, true)) {
            w.add("X", "|u1", new long[] {rows, 28, 28}, heap);
            w.commit();
        }
        long[] order = new long[rows];
        Rng rng = Rng.seeded(1);
        for (int i = 0; i < rows; i++) {
            order[i] = rng.nextLong(rows);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        try (NpzShard shard = NpzShard.open(file.toString())) {
            NpyArray x = shard.array("X");
            RowReader reader = x.openRows();
            // Interleaved rounds, best of each: no measurement gets a warmer JIT or cache than another.
            double ceiling = Double.MAX_VALUE;
            double sequential = Double.MAX_VALUE;
            double random = Double.MAX_VALUE;
            for (int round = 0; round < rounds + 5; round++) {
                double c = Timer.best(0, 1, () -> copyFromHeap(heap, rows));
                double s = Timer.best(0, 1, () -> readSequential(reader, rows));
                double r = Timer.best(0, 1, () -> readRandom(reader, order));
                if (round >= 5) {
                    ceiling = Math.min(ceiling, c);
                    sequential = Math.min(sequential, s);
                    random = Math.min(random, r);
                }
            }
            result.put("rows", rows);
            result.put("ceiling_rows_per_second", Math.round(rows / ceiling));
            result.put("sequential_rows_per_second", Math.round(rows / sequential));
            result.put("random_rows_per_second", Math.round(rows / random));
            result.put("sequential_vs_ceiling", round(ceiling / sequential));
            result.put("random_vs_ceiling", round(ceiling / random));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        out.printf("heap copy ceiling  %,12d rows/s%n", result.get("ceiling_rows_per_second"));
        out.printf("stored sequential  %,12d rows/s  (%.2fx ceiling)%n", result.get("sequential_rows_per_second"), result.get("sequential_vs_ceiling"));
        out.printf("stored random      %,12d rows/s  (%.2fx ceiling)%n", result.get("random_rows_per_second"), result.get("random_vs_ceiling"));
        out.println(Json.write(result));
        return sink == 42 ? 0 : 0;
    }

    private static void copyFromHeap(byte[] heap, int rows) {
        for (int r = 0; r < rows; r++) {
            byte[] row = new byte[ROW];
            System.arraycopy(heap, r * ROW, row, 0, ROW);
            sink += row[r % ROW];
        }
    }

    private static void readSequential(RowReader reader, int rows) throws java.io.IOException {
        for (int r = 0; r < rows; r++) {
            byte[] row = new byte[ROW];
            reader.read(r, row, 0);
            sink += row[r % ROW];
        }
    }

    private static void readRandom(RowReader reader, long[] order) throws java.io.IOException {
        for (int r = 0; r < order.length; r++) {
            byte[] row = new byte[ROW];
            reader.read(order[r], row, 0);
            sink += row[r % ROW];
        }
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

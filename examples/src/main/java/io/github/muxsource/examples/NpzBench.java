package io.github.muxsource.examples;

import io.github.muxsource.mux.Rng;
import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.NpzWriter;
import io.github.muxsource.npz.RowReader;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.Inflater;

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
        // Real images compress as real shards do; synthetic noise would not deflate at all.
        FashionMnist data = FashionMnist.load(rows, out);
        byte[] heap =
                java.util.Arrays.copyOf(
                        (data.rows >= rows ? data : FashionMnist.synthetic(rows)).images,
                        rows * ROW);
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
        Path deflated = dir.resolve("deflated.npz");
        try (NpzWriter w = NpzWriter.create(deflated, true, true)) {
            w.add("X", "|u1", new long[] {rows, 28, 28}, heap);
            w.commit();
        }
        try (NpzShard shard = NpzShard.open(deflated.toString())) {
            // Single-core zlib: inflate the whole entry into a reused buffer, no rows, no copies.
            byte[] compressedEntry = rawEntry(deflated);
            byte[] buffer = new byte[1 << 16];
            double inflateOnly = Double.MAX_VALUE;
            double inflatingRows = Double.MAX_VALUE;
            for (int round = 0; round < rounds / 3 + 3; round++) {
                double i = Timer.best(0, 1, () -> inflateAll(compressedEntry, buffer));
                double r =
                        Timer.best(0, 1, () -> readSequential(shard.array("X").openRows(), rows));
                if (round >= 2) {
                    inflateOnly = Math.min(inflateOnly, i);
                    inflatingRows = Math.min(inflatingRows, r);
                }
            }
            result.put("zlib_inflate_rows_per_second", Math.round(rows / inflateOnly));
            result.put("deflated_sequential_rows_per_second", Math.round(rows / inflatingRows));
            result.put("deflated_vs_zlib", round(inflateOnly / inflatingRows));
        } finally {
            Files.deleteIfExists(deflated);
        }
        try (NpzShard shard = NpzShard.open(file.toString())) {
            NpyArray x = shard.array("X");
            RowReader reader = x.openRows();
            // Interleaved rounds, best of each: no measurement gets a warmer JIT or cache than
            // another.
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
        out.printf(
                "stored sequential  %,12d rows/s  (%.2fx ceiling)%n",
                result.get("sequential_rows_per_second"), result.get("sequential_vs_ceiling"));
        out.printf(
                "stored random      %,12d rows/s  (%.2fx ceiling)%n",
                result.get("random_rows_per_second"), result.get("random_vs_ceiling"));
        out.printf("zlib inflate only  %,12d rows/s%n", result.get("zlib_inflate_rows_per_second"));
        out.printf(
                "deflated sequential%,12d rows/s  (%.2fx zlib)%n",
                result.get("deflated_sequential_rows_per_second"), result.get("deflated_vs_zlib"));
        out.println(Json.write(result));
        return 0;
    }

    /** The raw deflate stream of the archive's single entry, located by the local header. */
    private static byte[] rawEntry(Path npz) throws java.io.IOException {
        byte[] all = Files.readAllBytes(npz);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int nameLength = Short.toUnsignedInt(b.getShort(26));
        int extraLength = Short.toUnsignedInt(b.getShort(28));
        int start = 30 + nameLength + extraLength;
        int end = all.length;
        for (int i = all.length - 4; i > start; i--) {
            if (b.getInt(i) == 0x02014b50) {
                end = i;
            }
        }
        return java.util.Arrays.copyOfRange(all, start, end);
    }

    private static void inflateAll(byte[] compressed, byte[] buffer) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(compressed);
        long total = 0;
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            total += n;
        }
        inflater.end();
        sink += total;
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

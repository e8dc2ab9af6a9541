package io.github.muxsource.examples;

import io.github.muxsource.mux.Rng;
import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.RowReader;
import io.github.muxsource.npz.SpillSpace;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench-spill}: random rows of a deflated array, which go through a spill file, against the
 * same array stored, in the same run: the time to spill, random rows/s from the spill file and from
 * the stored entry (interleaved rounds, best of each), and the peak heap beside the array's
 * inflated size. Run it with a heap smaller than the array to show the heap stays bounded.
 */
final class SpillBench {
    private static long sink;

    private SpillBench() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args =
                new Args(
                        argv,
                        1,
                        Set.of(),
                        Set.of("deflated", "stored", "array", "reads", "rounds", "spill-dir"));
        String deflated = args.get("deflated", null);
        String stored = args.get("stored", null);
        if (deflated == null || stored == null) {
            throw new Args.UsageException(
                    "bench-spill needs --deflated FILE and --stored FILE (the same arrays)");
        }
        String name = args.get("array", "X");
        int reads = args.getInt("reads", 2_000_000);
        int rounds = args.getInt("rounds", 7);
        Path spillDir = Path.of(args.get("spill-dir", System.getProperty("java.io.tmpdir")));
        SpillSpace space = new SpillSpace(spillDir, Long.MAX_VALUE);
        Map<String, Object> result = new LinkedHashMap<>();
        try (NpzShard d = NpzShard.open(deflated, space);
                NpzShard s = NpzShard.open(stored)) {
            NpyArray dx = array(d, name);
            NpyArray sx = array(s, name);
            if (!dx.compressed() || sx.compressed() || dx.rows() != sx.rows()) {
                throw new Args.UsageException(
                        "--deflated must hold a deflated and --stored a stored array '"
                                + name
                                + "' with the same rows");
            }
            long[] order = new long[reads];
            Rng rng = Rng.seeded(1);
            for (int i = 0; i < reads; i++) {
                order[i] = rng.nextLong(dx.rows());
            }
            RowReader spilled = dx.openRows();
            byte[] row = new byte[dx.rowBytes()];
            long start = System.nanoTime();
            spilled.read(1, row, 0);
            spilled.read(0, row, 0); // a row behind: inflates the array into its spill file
            double spillSeconds = (System.nanoTime() - start) / 1e9;
            RowReader direct = sx.openRows();
            double fromSpill = Double.MAX_VALUE;
            double fromStored = Double.MAX_VALUE;
            for (int round = 0; round < rounds + 2; round++) {
                double a = Timer.best(0, 1, () -> readRandom(spilled, order, dx.rowBytes()));
                double b = Timer.best(0, 1, () -> readRandom(direct, order, sx.rowBytes()));
                if (round >= 2) {
                    fromSpill = Math.min(fromSpill, a);
                    fromStored = Math.min(fromStored, b);
                }
            }
            long inflated = dx.rows() * dx.rowBytes();
            MemoryUse memory = MemoryUse.measure();
            result.put("array", name);
            result.put("rows", dx.rows());
            result.put("inflated_bytes", inflated);
            result.put("deflated_file_bytes", Files.size(Path.of(deflated)));
            result.put("spill_seconds", NpzBench.round(spillSeconds));
            result.put("spilled_random_rows_per_second", Math.round(reads / fromSpill));
            result.put("stored_random_rows_per_second", Math.round(reads / fromStored));
            result.put("spilled_vs_stored", NpzBench.round(fromStored / fromSpill));
            result.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
            result.put("heap_peak_bytes", memory.heapPeak());
            result.put("heap_used_after_gc_bytes", memory.heapUsed());
            result.put(
                    "heap_peak_vs_inflated", NpzBench.round((double) memory.heapPeak() / inflated));
        }
        result.put("spill_files_left", countFiles(spillDir));
        out.println(Json.write(result));
        return 0;
    }

    private static NpyArray array(NpzShard shard, String name) {
        NpyArray a = shard.array(name);
        if (a == null) {
            throw new Args.UsageException(shard.location() + " has no array '" + name + "'");
        }
        return a;
    }

    private static long countFiles(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("muxsource-spill-"))
                    .count();
        }
    }

    private static void readRandom(RowReader reader, long[] order, int rowBytes)
            throws java.io.IOException {
        for (int r = 0; r < order.length; r++) {
            byte[] row = new byte[rowBytes];
            reader.read(order[r], row, 0);
            sink += row[r % rowBytes];
        }
    }
}

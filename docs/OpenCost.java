import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/**
 * What opening a small shard costs (docs/benchmarks.md, "Opening small shards"), against the floor
 * measured in the same run: reading the same file whole with {@code Files.readAllBytes}, which is
 * the least an open can do (open, read, close). Opens every shard of a directory as a reader does
 * (rows onto the heap) and as discovery did before it read small shards (arrays mapped), several
 * passes each so that the JIT has warmed up by the last ones.
 *
 * <p>Run with {@code java -cp examples/target/muxsource-examples.jar docs/OpenCost.java DIR}.
 */
public class OpenCost {
    private static final int PASSES = 8;

    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0]).listFiles((dir, name) -> name.endsWith(".npz"));
        Arrays.sort(files);
        for (int pass = 1; pass <= PASSES; pass++) {
            double floor = perFile(files, OpenCost::readWhole);
            double heap = perFile(files, f -> open(f, NpzShard.SMALL_SHARD_BYTES));
            double mapped = perFile(files, f -> open(f, 0));
            System.out.printf(
                    "pass %d: read whole %.1f us, open onto the heap %.1f us (%.2fx),"
                            + " open mapped %.1f us (%.2fx)%n",
                    pass, floor, heap, heap / floor, mapped, mapped / floor);
        }
    }

    private interface PerFile {
        long run(File file) throws Exception;
    }

    /** Microseconds per file. */
    private static double perFile(File[] files, PerFile work) throws Exception {
        long sink = 0;
        long start = System.nanoTime();
        for (File file : files) {
            sink += work.run(file);
        }
        long nanos = System.nanoTime() - start;
        if (sink == 42) {
            System.out.println(); // keeps the work observable
        }
        return nanos / 1e3 / files.length;
    }

    private static long readWhole(File file) throws Exception {
        return Files.readAllBytes(file.toPath()).length;
    }

    private static long open(File file, long heapUpTo) throws Exception {
        try (NpzShard shard =
                NpzShard.open(file.getPath(), SpillSpace.temporary(), List.of(), heapUpTo)) {
            return shard.rows();
        }
    }
}

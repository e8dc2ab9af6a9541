package io.github.muxsource.source.it;

import io.github.muxsource.testing.Numpy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes shards with numpy the way a publisher should: under a name starting with {@code .}, then
 * renamed, so that a monitored source never sees a half-written file. Each shard has one int64
 * array {@code id} whose values are {@code first, first + 1, ...}: unique ids across shards let a
 * test check that every row came exactly once.
 */
public final class NumpyShards {
    private static final String SCRIPT =
            "import sys, os, numpy as np\n"
                    + "d, name, first, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]),"
                    + " int(sys.argv[4])\n"
                    + "tmp = os.path.join(d, '.' + name)\n"
                    + "with open(tmp, 'wb') as f:\n"
                    + "    np.savez(f, id=np.arange(first, first + rows, dtype=np.int64))\n"
                    + "os.rename(tmp, os.path.join(d, name))\n";

    private NumpyShards() {}

    /** Writes {@code dir/name} with ids {@code [first, first + rows)}. */
    public static void write(Path dir, String name, long first, long rows) throws IOException {
        Process p =
                new ProcessBuilder(
                                Numpy.pythonCommand(),
                                "-c",
                                SCRIPT,
                                dir.toString(),
                                name,
                                Long.toString(first),
                                Long.toString(rows))
                        .redirectErrorStream(true)
                        .start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("numpy could not write " + name + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted writing " + name, e);
        }
    }
}

package io.github.muxsource.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a Python script with numpy: the independent judge of what our files hold. */
public final class Numpy {
    private Numpy() {}

    /** The Python with numpy: {@code MUXSOURCE_PYTHON} when set (CI sets it), else python3. */
    public static String pythonCommand() {
        String configured = System.getenv("MUXSOURCE_PYTHON");
        return configured == null || configured.isBlank() || configured.startsWith("${")
                ? "python3"
                : configured;
    }

    /**
     * Runs {@code script} with {@code arg} as {@code sys.argv[1]}; asserts success, returns stdout.
     */
    public static String run(String script, Path arg) throws Exception {
        Process p =
                new ProcessBuilder(List.of(pythonCommand(), "-c", script, arg.toString()))
                        .redirectErrorStream(true)
                        .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    /**
     * Writes {@code shards} numpy shards {@code part-00000.npz}, ... into {@code dir}, shard s
     * holding one array X of 20 rows r with X = 1000 * s + r ({@code <i8}), stored or deflated.
     */
    public static void writeCountingShards(Path dir, int shards, boolean deflated)
            throws Exception {
        run(
                "import sys, numpy as np\n"
                        + "for s in range("
                        + shards
                        + "):\n"
                        + "    np."
                        + (deflated ? "savez_compressed" : "savez")
                        + "(f'{sys.argv[1]}/part-{s:05d}.npz',"
                        + " X=np.arange(1000 * s, 1000 * s + 20, dtype='<i8'))\n",
                dir);
    }
}

package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code mix --discover-interval 1} as a process (the packaged jar, after packaging) over a
 * directory that numpy writes new shards into while the job runs: every row comes out exactly once
 * and the job ends at {@code --max-records}.
 */
class MixDiscoverIT {
    private static final Path JAR = Path.of("target/muxsource-examples.jar").toAbsolutePath();

    /** Rows of the shards numpy publishes while mix runs: tiny ones, and fewer rows than lanes. */
    private static final int[] LATER_ROWS = {1, 40, 3, 2, 25, 1, 60};

    private static final int FIRST_ROWS = 50;

    /** Writes ids [first, first + rows) as an int64 array {@code id}, then renames it in place. */
    private static void publish(Path dir, String name, long first, long rows) throws Exception {
        String script =
                "import sys, os, numpy as np\n"
                        + "d, name, first, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]),"
                        + " int(sys.argv[4])\n"
                        + "tmp = os.path.join(d, '_' + name)\n"
                        + "np.savez(tmp, id=np.arange(first, first + rows, dtype=np.int64))\n"
                        + "os.rename(tmp, os.path.join(d, name))\n";
        run(
                python(),
                "-c",
                script,
                dir.toString(),
                name,
                Long.toString(first),
                Long.toString(rows));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void mixWithDiscoveryDeliversEveryRowOfEveryShardOnceAndEndsAtMaxRecords(@TempDir Path dir)
            throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        publish(data, "shard-000.npz", 0, FIRST_ROWS);
        long total = FIRST_ROWS;
        for (int rows : LATER_ROWS) {
            total += rows;
        }
        Path output = dir.resolve("out");
        Process mix =
                new ProcessBuilder(
                                "java",
                                "-jar",
                                JAR.toString(),
                                "mix",
                                "--dataset",
                                "d=" + data,
                                "--discover-interval",
                                "1",
                                "--mode",
                                "exhaustive",
                                "--n-active",
                                "1",
                                "--row-order",
                                "shuffled",
                                "--lanes",
                                "4",
                                "--parallelism",
                                "2",
                                "--max-records",
                                Long.toString(total),
                                "--rows-per-file",
                                "37",
                                "--output",
                                output.toString())
                        .redirectOutput(dir.resolve("stdout").toFile())
                        .redirectError(dir.resolve("stderr").toFile())
                        .start();
        long next = FIRST_ROWS;
        for (int i = 0; i < LATER_ROWS.length; i++) {
            Thread.sleep(700);
            publish(data, String.format("shard-%03d.npz", i + 1), next, LATER_ROWS[i]);
            next += LATER_ROWS[i];
        }
        boolean finished = mix.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            mix.destroyForcibly();
        }
        String err = Files.readString(dir.resolve("stderr"));
        assertThat(finished).as("mix ended by itself at --max-records; stderr:\n%s", err).isTrue();
        assertThat(mix.exitValue()).as(err).isZero();
        assertThat(Files.readString(dir.resolve("stdout")).strip())
                .startsWith("{\"records\": " + total + ",");

        // Every id exactly once, read back by numpy from the parts mix wrote.
        String ids =
                run(
                        python(),
                        "-c",
                        "import sys, glob, numpy as np\n"
                                + "parts = sorted(glob.glob(sys.argv[1] + '/part-*.npz'))\n"
                                + "ids = np.concatenate([np.load(p)['id'] for p in parts])\n"
                                + "print(len(ids), len(np.unique(ids)), ids.min(), ids.max())\n",
                        output.toString());
        assertThat(List.of(ids.strip().split(" ")))
                .containsExactly(
                        Long.toString(total), Long.toString(total), "0", Long.toString(total - 1));
    }

    /** The Python with numpy: {@code MUXSOURCE_PYTHON} when set (CI sets it), else python3. */
    private static String python() {
        String configured = System.getenv("MUXSOURCE_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }
}

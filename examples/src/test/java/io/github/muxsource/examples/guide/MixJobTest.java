package io.github.muxsource.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.testing.Numpy;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/guide.md shows {@link MixJob} as it is, the README's example is part of it, and the job runs
 * on a MiniCluster of parallelism 2 and mixes its datasets 3:1.
 */
class MixJobTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path JOB =
            ROOT.resolve("examples/src/main/java/io/github/muxsource/examples/guide/MixJob.java");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /** The fenced java blocks of a markdown file, in order. */
    private static List<String> javaBlocks(Path markdown) throws Exception {
        Matcher m =
                Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(markdown));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void theGuideShowsTheJobExactlyAsItIsCompiled() throws Exception {
        assertThat(javaBlocks(ROOT.resolve("docs/guide.md"))).contains(Files.readString(JOB));
    }

    @Test
    void everyLineOfTheReadmeExampleIsInTheJob() throws Exception {
        List<String> job = Files.readString(JOB).lines().map(String::strip).toList();
        String example = javaBlocks(ROOT.resolve("README.md")).get(0);
        // Lines compared without their trailing "// ..." comments.
        assertThat(
                        example.lines()
                                .map(l -> l.replaceAll("\\s+// .*$", "").strip())
                                .filter(l -> !l.isEmpty()))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(job).contains(line));
    }

    @Test
    void theJobRunsAndMixesItsDatasetsThreeToOne(@TempDir Path dir) throws Exception {
        String script =
                String.join(
                        "\n",
                        "import numpy as np, os, sys",
                        "d = sys.argv[1]",
                        "rng = np.random.default_rng(1)",
                        "for name, shards in (('speech', 3), ('music', 2)):",
                        "    os.makedirs(os.path.join(d, name))",
                        "    for s in range(shards):",
                        "        np.savez(os.path.join(d, name, 'part-%d' % s),",
                        "                 X=rng.random((40, 4), dtype=np.float32),",
                        "                 Y=np.arange(40, dtype=np.int64))",
                        "print('ok')");
        assertThat(Numpy.run(script, dir)).isEqualTo("ok");

        int records = 8_000;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            MixJob.main(
                    new String[] {
                        dir.resolve("speech").toString(),
                        "file://" + dir.resolve("music"),
                        String.valueOf(records)
                    });
        } finally {
            System.setOut(stdout);
        }

        // PrintSink at parallelism 2 prefixes each line with its subtask: "1> speech 17 [...]".
        Pattern line = Pattern.compile("[12]> (speech|music) \\d+ \\[[-0-9.E, ]+\\]");
        List<String> lines =
                captured.toString(StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> line.matcher(l).matches())
                        .toList();
        assertThat(lines).hasSize(records);
        long speech = lines.stream().filter(l -> l.contains("> speech ")).count();
        // Activations of 64 records on average: the share of speech varies by whole activations.
        // Over 8000 records (~125 activations of p = 3/4), 4σ of the share is about 4 * sqrt(
        // 0.75 * 0.25 / 125) ≈ 0.155; the check is deliberately no tighter than that.
        assertThat(speech / (double) records).isBetween(0.75 - 0.155, 0.75 + 0.155);
    }
}

package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A first run as a user sees it: the packaged jar started with {@code java -jar} (after packaging,
 * failsafe), its stdout and stderr read whole. A successful command prints only its results; {@code
 * --verbose} adds Flink's own log on stderr and changes nothing on stdout.
 */
class CleanRunIT {
    private static final Path JAR = Path.of("target/muxsource-examples.jar").toAbsolutePath();
    private static final Path MIX =
            Path.of("../connector/src/test/resources/mix").toAbsolutePath().normalize();

    /** What Flink's log and a stack trace look like on a console. */
    private static final Pattern NOISE =
            Pattern.compile("(?m)\\b(WARN|ERROR)\\b|^\\s+at \\S+\\(|Exception|Caused by:");

    private record Run(int status, String out, String err) {}

    private static Run java(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        boolean finished = p.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("%s finished within 4 minutes", command).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertClean(Run run) {
        assertThat(run.status).as(run.err).isZero();
        assertThat(run.err).as("stderr of a successful run").isEmpty();
        assertThat(NOISE.matcher(run.out).find())
                .as("log or stack trace in:\n%s", run.out)
                .isFalse();
    }

    @Test
    void seedPrintsOnlyItsResultsAndVerboseAddsFlinksLogOnStderr(@TempDir Path dir)
            throws Exception {
        Path quiet = Files.createDirectories(dir.resolve("quiet"));
        Run run = java(quiet, "seed", "--records", "3000");
        assertClean(run);
        assertThat(run.out).contains("Option 1").contains("Option 2").contains("realized shares");

        Path loud = Files.createDirectories(dir.resolve("verbose"));
        Run verbose = java(loud, "seed", "--records", "3000", "--verbose");
        assertThat(verbose.status).as(verbose.err).isZero();
        assertThat(verbose.out).isEqualTo(run.out);
        assertThat(verbose.err)
                .contains(" INFO ")
                .contains("MiniCluster - Starting Flink Mini Cluster")
                .contains("switched from state RUNNING to FINISHED")
                // The collect ends while the cluster still runs: the cause, not only the log.
                .doesNotContain("Failed to get job status")
                .doesNotContain("Some data might be lost");
    }

    @Test
    void mixAndBenchPrintOnlyTheirSummaries(@TempDir Path dir) throws Exception {
        List<String> datasets =
                List.of(
                        "--dataset",
                        "alpha=" + MIX.resolve("alpha"),
                        "--dataset",
                        "gamma=" + MIX.resolve("gamma") + "/*.npz",
                        "--parallelism",
                        "2");
        List<String> mix = new ArrayList<>(List.of("mix"));
        mix.addAll(datasets);
        mix.addAll(List.of("--max-records", "500", "--output", dir.resolve("out").toString()));
        Run mixed = java(dir, mix.toArray(new String[0]));
        assertClean(mixed);
        assertThat(mixed.out.strip()).startsWith("{\"records\": 500,").doesNotContain("\n");

        List<String> bench = new ArrayList<>(List.of("bench"));
        bench.addAll(datasets);
        bench.addAll(List.of("--max-records", "2000"));
        Run benched = java(dir, bench.toArray(new String[0]));
        assertClean(benched);
        assertThat(benched.out.strip()).startsWith("{\"records\": 2000,").doesNotContain("\n");
    }

    @Test
    void sqlPrintsOnlyItsRowsAndEndsItsCollectCleanly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("count.sql");
        Files.writeString(
                file,
                "SET 'execution.runtime-mode' = 'batch';\n"
                        + "CREATE TABLE mixed (Y BIGINT, ds STRING METADATA FROM 'dataset' VIRTUAL)"
                        + " WITH ('connector' = 'muxsource', 'dataset.alpha.path' = '"
                        + MIX.resolve("alpha")
                        + "', 'mode' = 'exhaustive', 'row-order' = 'sequential',"
                        + " 'parallelism' = '2');\n"
                        + "SELECT ds, COUNT(*) AS n FROM mixed GROUP BY ds;\n");
        Run quiet = java(dir, "sql", file.toString());
        assertClean(quiet);
        assertThat(quiet.out.strip()).isEqualTo("{\"ds\": \"alpha\", \"n\": 200}");

        Run verbose = java(dir, "sql", file.toString(), "--verbose");
        assertThat(verbose.status).as(verbose.err).isZero();
        assertThat(verbose.out).isEqualTo(quiet.out);
        assertThat(verbose.err)
                .contains(" INFO ")
                .doesNotContain("Failed to get job status")
                .doesNotContain("Some data might be lost");
    }

    @Test
    void aBadShardIsOneLineOnStderrAndExitStatus1(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.copy(MIX.resolve("beta/part-00.npz"), data.resolve("good.npz"));
        Files.write(data.resolve("zbad.npz"), new byte[] {'P', 'K', 3, 4, 0});
        Run run =
                java(
                        dir,
                        "mix",
                        "--dataset",
                        "d=" + data,
                        "--max-records",
                        "10",
                        "--output",
                        dir.resolve("out").toString());
        assertThat(run.status).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip())
                .doesNotContain("\n")
                .startsWith("error: ")
                .contains("zbad.npz")
                .contains("not a zip archive");
    }

    @Test
    void aBadCommandLineIsOneLineOnStderrAndExitStatus2(@TempDir Path dir) throws Exception {
        Run run =
                java(
                        dir,
                        "mix",
                        "--dataset",
                        "alpha=" + MIX.resolve("alpha"),
                        "--rate",
                        "0.5",
                        "--max-records",
                        "10",
                        "--output",
                        dir.resolve("out").toString());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip()).doesNotContain("\n").startsWith("error: ").contains("rate");
    }
}

package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** {@code bench} on the embedded Flink: what its JSON lines report, and its own flags. */
class BenchCommandTest {
    private static final Path MIX =
            Path.of("../connector/src/test/resources/mix").toAbsolutePath().normalize();

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void benchWithBatchesCountsRowsAndBatches() {
        CliRun r =
                run(
                        "bench",
                        "--dataset",
                        "alpha=" + MIX.resolve("alpha"),
                        "--dataset",
                        "beta=" + MIX.resolve("beta"),
                        "--max-records",
                        "2000",
                        "--batch-size",
                        "16",
                        "--baseline");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lastLine())
                .startsWith("{\"records\": 2000, \"batch_size\": 16, \"batches\": 125, ")
                .contains("\"plain_loop_records_per_second\": ")
                .contains("\"vs_flink_ceiling\": ");
        assertThat(r.out()).contains("plain Java loop into batch arrays");
    }

    @Test
    void roundsRunTheJobAgainInOneJvmAndPrintALinePerRound() {
        CliRun r =
                run(
                        "bench",
                        "--dataset",
                        "alpha=" + MIX.resolve("alpha"),
                        "--max-records",
                        "500",
                        "--rounds",
                        "3");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines =
                Arrays.stream(r.out().strip().split("\n")).filter(l -> l.startsWith("{")).toList();
        assertThat(lines).hasSize(3);
        for (int round = 1; round <= 3; round++) {
            assertThat(lines.get(round - 1))
                    .startsWith("{\"records\": 500, ")
                    .endsWith(", \"round\": " + round + "}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch-size", "rounds"})
    void aCountBelowOneIsAUsageErrorNamingTheFlag(String flag) {
        CliRun refused =
                run(
                        "bench",
                        "--dataset",
                        "alpha=" + MIX.resolve("alpha"),
                        "--max-records",
                        "10",
                        "--" + flag,
                        "0");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("--" + flag + " must be >= 1, got 0");
    }
}

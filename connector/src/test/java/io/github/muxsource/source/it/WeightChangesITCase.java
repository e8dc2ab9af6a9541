package io.github.muxsource.source.it;

import static io.github.muxsource.source.it.Jobs.collect;
import static io.github.muxsource.source.it.Jobs.env;
import static io.github.muxsource.source.it.Jobs.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.WeightSchedule;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Weight schedules and live weights on a real Flink runtime at parallelism 2: shares move where the
 * change says, and an injected failure replays exactly what was delivered.
 */
class WeightChangesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoTaskManagers();

    private static final int LANES = 4;

    @BeforeEach
    void resetFailure() {
        FailOnceAfterCheckpoint.reset();
    }

    /**
     * Budget-1 draws with replacement: every record is an independent draw of a dataset by weight,
     * so a dataset's count in a block of records is binomial and 4σ bounds it.
     */
    private static MuxSourceBuilder<Sample> independentDraws() {
        return SourceFixtures.builder(1, 1, 1)
                .stochastic(1, 1.0)
                .dist(BudgetDistribution.CONSTANT)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .lanes(LANES)
                .seed(21);
    }

    /** Asserts gamma's share of the "dataset/shard/row" keys is {@code p} within 4σ. */
    private static void assertGammaShare(List<String> keys, double p, String what) {
        long gamma = keys.stream().filter(k -> k.startsWith("2/")).count();
        double sigma = Math.sqrt(keys.size() * p * (1 - p));
        assertThat(Math.abs(gamma - keys.size() * p))
                .as("%s: gamma %d of %d, expected share %s", what, gamma, keys.size(), p)
                .isLessThan(4 * sigma);
    }

    @Test
    void aScheduleMovesSharesAtItsStepAndReplaysExactlyThroughAFailure() throws Exception {
        // 16,000 records of the source = 4,000 per lane: every lane changes at its position 4,000.
        MuxSource<Sample> source =
                independentDraws()
                        .weightSchedule(WeightSchedule.none().at(16_000, Map.of("gamma", 8.0)))
                        .maxRecords(40_000)
                        .build();
        Map<Integer, List<String>> reference =
                LaneRecord.perLane(collect(records(env(2, new Configuration()), source)));

        StreamExecutionEnvironment env = env(2, new Configuration());
        env.enableCheckpointing(50);
        List<String> recovered =
                collect(
                        records(env, source)
                                .map(new Throttle(10))
                                .map(new FailOnceAfterCheckpoint(12_000)));
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        assertThat(LaneRecord.perLane(recovered)).isEqualTo(reference);
        reference.forEach(
                (lane, keys) -> {
                    assertThat(keys).hasSize(10_000);
                    assertGammaShare(keys.subList(1000, 4000), 1.0 / 3, "lane " + lane + " before");
                    assertGammaShare(keys.subList(4000, 7000), 0.8, "lane " + lane + " after");
                });
    }

    @Test
    void liveWeightsMoveTheSharesAndAFailureAfterTheChangeReplaysExactlyWhatWasDelivered(
            @TempDir Path dir) throws Exception {
        Path weights = dir.resolve("weights.json");
        write(weights, "{\"alpha\": 1, \"beta\": 1, \"gamma\": 1}");
        MuxSource<Sample> source =
                independentDraws()
                        .weightsFrom(weights.toString(), Duration.ofMillis(50))
                        .maxRecords(60_000)
                        .build();
        StreamExecutionEnvironment env = env(2, new Configuration());
        env.enableCheckpointing(50);
        // The sink keeps every record delivered, also those a failure makes the source replay.
        records(env, source)
                .map(new Throttle(20))
                .map(new FailOnceAfterCheckpoint(20_000))
                .sinkTo(new CollectingSink("live"));
        JobClient job = env.executeAsync();
        while (CollectingSink.queue("live").size() < 8000) {
            Thread.sleep(10);
        }
        write(weights, "{\"gamma\": 8}");
        job.getJobExecutionResult().get();
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();

        Map<Integer, TreeMap<Long, String>> byLane = new TreeMap<>();
        int replayed = 0;
        for (String r : CollectingSink.queue("live")) {
            String[] parts = r.split(":");
            String earlier =
                    byLane.computeIfAbsent(Integer.parseInt(parts[0]), k -> new TreeMap<>())
                            .put(Long.parseLong(parts[1]), parts[2]);
            if (earlier != null) {
                replayed++;
                assertThat(parts[2]).as("record %s delivered again", r).isEqualTo(earlier);
            }
        }
        assertThat(replayed).as("records delivered again after the failure").isPositive();
        assertThat(byLane).hasSize(LANES);
        byLane.forEach(
                (lane, positions) -> {
                    assertThat(positions).hasSize(15_000);
                    assertThat(positions.lastKey()).isEqualTo(14_999L);
                    List<String> keys = new ArrayList<>(positions.values());
                    // Before the file changed (the sink had 8,000 records, 2,000 a lane): 1/3.
                    assertGammaShare(keys.subList(0, 1500), 1.0 / 3, "lane " + lane + " before");
                    assertGammaShare(keys.subList(10_000, 15_000), 0.8, "lane " + lane + " after");
                });
    }

    /** Writes then renames, as a weights file should be published. */
    private static void write(Path file, String json) throws Exception {
        Path tmp = file.resolveSibling("." + file.getFileName());
        Files.writeString(tmp, json);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String runUntilSavepoint(MuxSource<Sample> source, Path dir) throws Exception {
        StreamExecutionEnvironment env = env(2, new Configuration());
        records(env, source).map(new Throttle(1)).sinkTo(new CollectingSink("before"));
        JobClient job = env.executeAsync();
        while (CollectingSink.queue("before").size() < 1000) {
            Thread.sleep(10);
        }
        return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
    }

    @Test
    void aSavepointRestoredWithAnotherSeedFailsOnceNamingBothSeeds(@TempDir Path dir)
            throws Exception {
        String savepoint = runUntilSavepoint(independentDraws().maxRecords(20_000).build(), dir);
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        MuxSource<Sample> reseeded = independentDraws().seed(22).maxRecords(20_000).build();
        assertThatThrownBy(() -> collect(records(env(2, restore), reseeded)))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("SuppressRestartsException")
                                        .contains("restored with seed=22")
                                        .contains("made with seed=21"));
    }

    @Test
    void aSavepointRestoredWithNewWeightsAndMaxRecordsContinuesFromItsPositions(@TempDir Path dir)
            throws Exception {
        String savepoint = runUntilSavepoint(independentDraws().maxRecords(20_000).build(), dir);
        List<String> before = new ArrayList<>(CollectingSink.queue("before"));
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        MuxSource<Sample> changed =
                SourceFixtures.builder(1, 1, 8)
                        .stochastic(1, 1.0)
                        .dist(BudgetDistribution.CONSTANT)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .lanes(LANES)
                        .seed(21)
                        .maxRecords(40_000)
                        .build();
        List<String> all = new ArrayList<>(before);
        all.addAll(collect(records(env(2, restore), changed)));
        Map<Integer, List<String>> lanes = LaneRecord.perLane(all);
        Map<Integer, Integer> savedAt = new HashMap<>();
        for (String r : before) {
            String[] parts = r.split(":");
            savedAt.merge(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) + 1, Math::max);
        }
        assertThat(all).hasSize(40_000);
        lanes.forEach(
                (lane, keys) -> {
                    assertThat(keys).hasSize(10_000);
                    int from = savedAt.getOrDefault(lane, 0);
                    assertGammaShare(keys.subList(from, 10_000), 0.8, "lane " + lane + " restored");
                });
    }
}

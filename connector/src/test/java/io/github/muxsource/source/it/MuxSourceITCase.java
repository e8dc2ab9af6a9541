package io.github.muxsource.source.it;

import static io.github.muxsource.source.it.Jobs.collect;
import static io.github.muxsource.source.it.Jobs.env;
import static io.github.muxsource.source.it.Jobs.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.mux.Activation;
import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** MuxSource on a real Flink runtime: determinism, failover, rescale, exactly-once, shares. */
class MuxSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoTaskManagers();

    @BeforeEach
    void resetFailure() {
        FailOnceAfterCheckpoint.reset();
    }

    private static MuxSourceBuilder<Sample> randomMix(long seed) {
        return SourceFixtures.builder(1, 2, 3)
                .stochastic(2, 20.0)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .rowOrder(RowOrder.RANDOM)
                .seed(seed);
    }

    private static MuxSourceBuilder<Sample> exhaustivePass() {
        return SourceFixtures.builder()
                .stochastic(3)
                .mode(StochasticMode.EXHAUSTIVE)
                .rowOrder(RowOrder.SEQUENTIAL)
                .lanes(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void sameSeedGivesTheSamePerLaneSequencesAndAnotherSeedDiffers(int parallelism)
            throws Exception {
        Map<Integer, List<String>> first =
                LaneRecord.perLane(
                        collect(
                                records(
                                        env(parallelism, new Configuration()),
                                        randomMix(7).maxRecords(3000).build())));
        Map<Integer, List<String>> second =
                LaneRecord.perLane(
                        collect(
                                records(
                                        env(parallelism, new Configuration()),
                                        randomMix(7).maxRecords(3000).build())));
        Map<Integer, List<String>> other =
                LaneRecord.perLane(
                        collect(
                                records(
                                        env(parallelism, new Configuration()),
                                        randomMix(8).maxRecords(3000).build())));
        assertThat(first).hasSize(MuxConfig.DEFAULT_LANES_PER_READER * parallelism);
        assertThat(first.values().stream().mapToInt(List::size).sum()).isEqualTo(3000);
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void failureAfterACompletedCheckpointContinuesEveryLaneExactly() throws Exception {
        MuxSource<Sample> source = randomMix(11).maxRecords(6000).lanes(4).build();
        Map<Integer, List<String>> reference =
                LaneRecord.perLane(collect(records(env(2, new Configuration()), source)));

        StreamExecutionEnvironment env = env(2, new Configuration());
        env.enableCheckpointing(50);
        List<String> recovered =
                collect(
                        records(env, source)
                                .map(new Throttle(5))
                                .map(new FailOnceAfterCheckpoint(500)));
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        assertThat(LaneRecord.perLane(recovered)).isEqualTo(reference);
    }

    @Test
    void unboundedRunWithFrequentCheckpointsAndRepeatedFailuresMatchesAnUninterruptedRun()
            throws Exception {
        // Unbounded: RANDOM rows, no maxRecords. The reference is the same mux bounded far away.
        Map<Integer, List<String>> reference =
                LaneRecord.perLane(
                        collect(
                                records(
                                        env(2, new Configuration()),
                                        randomMix(17).lanes(4).maxRecords(40_000).build())));
        MuxSource<Sample> unbounded = randomMix(17).lanes(4).build();
        assertThat(unbounded.getBoundedness())
                .isEqualTo(org.apache.flink.api.connector.source.Boundedness.CONTINUOUS_UNBOUNDED);

        StreamExecutionEnvironment env = env(2, new Configuration());
        env.enableCheckpointing(20);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it =
                records(env, unbounded)
                        .map(new Throttle(4))
                        .map(new FailOnceAfterCheckpoint(300, 3))
                        .executeAndCollect()) {
            while (out.size() < 8000 && it.hasNext()) {
                out.add(it.next());
            }
        }
        assertThat(FailOnceAfterCheckpoint.FAILURES).hasValue(3);
        LaneRecord.perLane(out)
                .forEach(
                        (lane, keys) ->
                                assertThat(keys)
                                        .as("lane %d", lane)
                                        .isEqualTo(reference.get(lane).subList(0, keys.size())));
    }

    @Test
    void exhaustivePassDeliversEveryRowExactlyOnceThroughAFailure() throws Exception {
        StreamExecutionEnvironment env = env(2, new Configuration());
        env.enableCheckpointing(50);
        List<String> out =
                collect(
                        records(env, exhaustivePass().build())
                                .map(new Throttle(2))
                                .map(new FailOnceAfterCheckpoint(60)));
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        assertEveryRowExactlyOnce(out);
    }

    @Test
    void stopWithSavepointAndRestoreAtThreeAndAtOneContinuesEveryLane(@TempDir Path savepoints)
            throws Exception {
        MuxSource<Sample> source = randomMix(13).maxRecords(8000).build();
        Map<Integer, List<String>> reference =
                LaneRecord.perLane(collect(records(env(2, new Configuration()), source)));
        assertThat(reference).hasSize(MuxConfig.DEFAULT_LANES_PER_READER * 2);

        String savepoint = runUntilSavepoint(source, 2, 1500, savepoints);
        List<String> before = new ArrayList<>(CollectingSink.queue("before"));
        for (int parallelism : new int[] {3, 1}) {
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            List<String> after = collect(records(env(parallelism, restore), source));
            List<String> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(LaneRecord.perLane(all))
                    .as("restored at parallelism %d", parallelism)
                    .isEqualTo(reference);
        }
    }

    @Test
    void exhaustivePassDeliversEveryRowExactlyOnceThroughARescale(@TempDir Path savepoints)
            throws Exception {
        MuxSource<Sample> source = exhaustivePass().build();
        String savepoint = runUntilSavepoint(source, 2, 100, savepoints);
        List<String> all = new ArrayList<>(CollectingSink.queue("before"));
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        all.addAll(collect(records(env(3, restore), source)));
        assertEveryRowExactlyOnce(all);
    }

    @Test
    void weightedActivationSharesFollowTheWeightsAtParallelismThree() throws Exception {
        // nActive 1, constant budget 5: every activation is an independent draw of a dataset with
        // probability w/Σw, so activation counts are multinomial and 4σ is a principled bound.
        int rate = 5;
        int activations = 12_000;
        MuxSource<Sample> source =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(1, (double) rate)
                        .dist(BudgetDistribution.CONSTANT)
                        .activation(Activation.WEIGHTED)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .maxRecords((long) rate * activations)
                        .build();
        List<String> out = collect(records(env(3, new Configuration()), source));
        assertThat(out).hasSize(rate * activations);
        long[] perDataset = new long[3];
        out.forEach(r -> perDataset[r.split(":")[2].charAt(0) - '0']++);
        for (int d = 0; d < 3; d++) {
            double p = (d + 1) / 6.0;
            double share = perDataset[d] / (double) out.size();
            double sigma = Math.sqrt(p * (1 - p) / activations);
            assertThat(Math.abs(share - p))
                    .as("dataset %d share %f", d, share)
                    .isLessThanOrEqualTo(4 * sigma);
        }
    }

    @Test
    void badShardFailsTheJobAtStartNamingTheFile(@TempDir Path dir) throws Exception {
        java.nio.file.Files.write(dir.resolve("broken.npz"), "not a zip".getBytes());
        MuxSource<Sample> source =
                MuxSource.builder()
                        .dataset("d", 1, dir.toString())
                        .maxRecords(10)
                        .checkShardsOnClient(false)
                        .build();
        assertThatThrownBy(() -> collect(records(env(2, new Configuration()), source)))
                .satisfies(
                        e ->
                                assertThat(rootMessage(e))
                                        .contains("broken.npz")
                                        .contains("not a zip archive"));
    }

    private static String runUntilSavepoint(
            MuxSource<Sample> source, int parallelism, int records, Path dir) throws Exception {
        StreamExecutionEnvironment env = env(parallelism, new Configuration());
        records(env, source).map(new Throttle(1)).sinkTo(new CollectingSink("before"));
        JobClient job = env.executeAsync();
        while (CollectingSink.queue("before").size() < records) {
            Thread.sleep(10);
        }
        return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
    }

    private static void assertEveryRowExactlyOnce(List<String> records) {
        Map<String, Integer> seen = new HashMap<>();
        records.forEach(r -> seen.merge(r.split(":")[2], 1, Integer::sum));
        Set<String> duplicated = new HashSet<>();
        seen.forEach(
                (k, n) -> {
                    if (n > 1) {
                        duplicated.add(k);
                    }
                });
        assertThat(duplicated).as("rows delivered more than once").isEmpty();
        assertThat(seen).hasSize(SourceFixtures.TOTAL_ROWS);
        LaneRecord.perLane(records);
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}

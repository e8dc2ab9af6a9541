package io.github.muxsource.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A monitored source on a real Flink runtime while numpy writes new shards: every row of every
 * shard that ever appears comes exactly once through a failure, a stop-with-savepoint and a restore
 * at another parallelism; with maxRecords the job ends after exactly that many.
 */
class MonitoringITCase {
    /** Rows of the shards written while the job runs: tiny ones, and more lanes than rows. */
    private static final int[] LATER_ROWS = {1, 5, 2, 33, 1, 8, 60, 3, 1, 20};

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoTaskManagers();

    @TempDir Path dir;

    /** Ids written so far (the next shard starts at {@code nextId}). */
    private long nextId;

    @BeforeEach
    void resetFailure() {
        FailOnceAfterCheckpoint.reset();
    }

    private void write(String name, int rows) throws Exception {
        NumpyShards.write(dir, name, nextId, rows);
        nextId += rows;
    }

    /** Writes the later shards, one every {@code millis}, on another thread. */
    private CompletableFuture<Void> writeLater(String prefix, int[] rows, long millis) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        for (int i = 0; i < rows.length; i++) {
                            Thread.sleep(millis);
                            write(prefix + String.format("%03d", i) + ".npz", rows[i]);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private MuxSourceBuilder<Sample> monitored() {
        return MuxSource.builder()
                .dataset("d", 1, dir.toString())
                .rowOrder(RowOrder.SEQUENTIAL)
                .lanes(4)
                .monitorContinuously(Duration.ofMillis(100));
    }

    private static StreamExecutionEnvironment env(int parallelism, Configuration extra) {
        Configuration conf = new Configuration(extra);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                extra.getOptional(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY)
                        .orElse(Duration.ofMillis(100)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    private static DataStream<String> ids(StreamExecutionEnvironment env, MuxSource<Sample> s) {
        return env.fromSource(s, WatermarkStrategy.noWatermarks(), "mux")
                .map(sample -> Long.toString(sample.getLong("id", 0)))
                .returns(Types.STRING);
    }

    /** Reads {@code count} records from an unbounded job, then cancels it. */
    private static List<String> take(DataStream<String> stream, long count) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = stream.executeAndCollect()) {
            while (out.size() < count && it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    private long total(int initial, int[] later) {
        long n = initial;
        for (int rows : later) {
            n += rows;
        }
        return n;
    }

    private static void assertEveryIdExactlyOnce(List<String> records, long ids) {
        Map<String, Integer> seen = new HashMap<>();
        records.forEach(r -> seen.merge(r, 1, Integer::sum));
        assertThat(seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                .as("ids delivered more than once")
                .isEmpty();
        List<String> expected = new ArrayList<>();
        for (long id = 0; id < ids; id++) {
            expected.add(Long.toString(id));
        }
        assertThat(records).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Timeout(180)
    void shardsWrittenWhileTheJobRunsArriveExactlyOnceThroughAFailure() throws Exception {
        write("a-000.npz", 30);
        write("a-001.npz", 17);
        MuxSource<Sample> source =
                monitored().stochastic(1).mode(StochasticMode.EXHAUSTIVE).build();
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        CompletableFuture<Void> writer = writeLater("b-", LATER_ROWS, 200);

        StreamExecutionEnvironment env = env(2, new Configuration());
        env.enableCheckpointing(50);
        List<String> out =
                take(
                        ids(env, source).map(new Throttle(2)).map(new FailOnceAfterCheckpoint(20)),
                        total(47, LATER_ROWS));
        writer.get();
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        assertEveryIdExactlyOnce(out, nextId);
    }

    @Test
    @Timeout(180)
    void withMaxRecordsTheJobEndsAfterExactlyThatManyOnceEnoughRowsArrived() throws Exception {
        write("a-000.npz", 30);
        MuxSource<Sample> source =
                monitored()
                        .chain(io.github.muxsource.mux.ChainMode.EXHAUSTIVE)
                        .maxRecords(90)
                        .build();
        CompletableFuture<Void> writer = writeLater("b-", LATER_ROWS, 150);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it =
                ids(env(2, new Configuration()), source).executeAndCollect()) {
            it.forEachRemaining(out::add); // ends by itself
        }
        writer.get();
        assertThat(out).hasSize(90).doesNotHaveDuplicates();
        assertThat(out.stream().mapToLong(Long::parseLong).max().getAsLong()).isLessThan(nextId);
    }

    @Test
    @Timeout(180)
    void shardsWrittenAroundAStopWithSavepointArriveOnceAfterARestoreAtAnotherParallelism()
            throws Exception {
        write("a-000.npz", 30);
        write("a-001.npz", 17);
        MuxSource<Sample> source = monitored().roundRobin(RoundRobinMode.EXHAUSTIVE).build();
        int[] whileRunning = {4, 1, 25};
        int[] whileStopped = {9, 1};
        int[] afterRestore = {2, 40};
        CompletableFuture<Void> writer = writeLater("b-", whileRunning, 150);

        StreamExecutionEnvironment first = env(2, new Configuration());
        first.enableCheckpointing(50);
        ids(first, source).map(new Throttle(1, 5)).sinkTo(new CollectingSink("before"));
        JobClient job = first.executeAsync();
        writer.get();
        while (CollectingSink.queue("before").size() < 50) {
            Thread.sleep(10);
        }
        String savepoint =
                job.stopWithSavepoint(
                                false,
                                dir.resolve("_savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        List<String> all = new ArrayList<>(CollectingSink.queue("before"));
        for (int i = 0; i < whileStopped.length; i++) {
            write("c-" + i + ".npz", whileStopped[i]);
        }

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        writer = writeLater("d-", afterRestore, 200);
        long total = total(47, whileRunning) + total(0, whileStopped) + total(0, afterRestore);
        all.addAll(take(ids(env(3, restore), source), total - all.size()));
        writer.get();
        assertEveryIdExactlyOnce(all, nextId);
    }

    @Test
    @Timeout(120)
    void aBadShardWrittenWhileTheJobRunsFailsItOnceNamingTheFile() throws Exception {
        write("a-000.npz", 30);
        MuxSource<Sample> source =
                monitored().chain(io.github.muxsource.mux.ChainMode.EXHAUSTIVE).build();
        Configuration slowRestarts = new Configuration();
        slowRestarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(30));
        // A restart would cost 30 s: failing at once proves the job failed without one.
        StreamExecutionEnvironment env = env(2, slowRestarts);
        CompletableFuture.runAsync(
                () -> {
                    try {
                        Thread.sleep(1500);
                        java.nio.file.Files.write(dir.resolve("late.npz"), "not a zip".getBytes());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        long start = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> take(ids(env, source), Long.MAX_VALUE))
                .satisfies(
                        e -> {
                            Throwable root = e;
                            while (root.getCause() != null) {
                                root = root.getCause();
                            }
                            assertThat(root.getMessage())
                                    .contains("late.npz")
                                    .contains("not a zip archive");
                        });
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("failed without a restart")
                .isLessThan(Duration.ofSeconds(25));
    }
}

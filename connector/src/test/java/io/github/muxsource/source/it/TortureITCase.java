package io.github.muxsource.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.npz.NpzWriter;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An exhaustive pass over 24 shards in 3 datasets through TaskManager terminations (not only
 * exceptions in a map) and a rescale 2 → 3 → 1 through savepoints: every (dataset, shard, row)
 * exactly once. The sink is at-least-once, so replays after a failure are checked to be identical
 * at the same lane position and then removed by position.
 */
class TortureITCase {
    private static final int[] SHARDS = {12, 8, 4};
    private static final int ROWS = 300;
    private static MiniCluster cluster;

    /** MiniCluster keeps terminated TaskManagers in its list: the live ones start here. */
    private static int firstLive;

    /** One slot each, so every TaskManager restarted below hosts running tasks. */
    private static final int TASK_MANAGERS = 3;

    @TempDir static Path data;

    @BeforeAll
    static void startClusterAndWriteShards() throws Exception {
        for (int d = 0; d < SHARDS.length; d++) {
            for (int s = 0; s < SHARDS[d]; s++) {
                writeShard(data.resolve("d" + d).resolve(String.format("part-%02d.npz", s)), d, s);
            }
        }
        Configuration conf = new Configuration();
        // Any free port: a fixed 8081 collides with other clusters on the machine.
        conf.set(org.apache.flink.configuration.RestOptions.BIND_PORT, "0");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 50);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(TASK_MANAGERS)
                                .setNumSlotsPerTaskManager(1)
                                .build());
        cluster.start();
        TestStreamEnvironment.setAsContext(cluster, 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        cluster.close();
    }

    /** The fixtures' encoding: X = (d, s, row % 256, row / 256), Y = d·10^6 + s·10^4 + row. */
    private static void writeShard(Path file, int d, int s) throws Exception {
        byte[] x = new byte[ROWS * 4];
        ByteBuffer y = ByteBuffer.allocate(ROWS * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < ROWS; r++) {
            x[4 * r] = (byte) d;
            x[4 * r + 1] = (byte) s;
            x[4 * r + 2] = (byte) (r % 256);
            x[4 * r + 3] = (byte) (r / 256);
            y.putLong(d * 1_000_000L + s * 10_000L + r);
        }
        try (NpzWriter w = NpzWriter.create(file, false, false)) {
            w.add("X", "|u1", new long[] {ROWS, 4}, x);
            w.add("Y", "<i8", new long[] {ROWS}, y.array());
            w.commit();
        }
    }

    private static MuxSource<Sample> source() {
        MuxSourceBuilder<Sample> b = MuxSource.builder();
        for (int d = 0; d < SHARDS.length; d++) {
            b.dataset("d" + d, d + 1, data.resolve("d" + d).toString());
        }
        return b.stochastic(3, null)
                .mode(StochasticMode.EXHAUSTIVE)
                .rowOrder(RowOrder.SHUFFLED)
                .lanes(6)
                .seed(99)
                .build();
    }

    private static JobClient start(String sink, int parallelism, String savepoint)
            throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "mux")
                .map(LaneRecord::of)
                .returns(Types.STRING)
                .map(new Throttle(1))
                .sinkTo(new CollectingSink(sink));
        return env.executeAsync();
    }

    private static void awaitRecords(Queue<String> queue, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (queue.size() < atLeast) {
            assertThat(System.nanoTime())
                    .as("waiting for %d records", atLeast)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Terminates every TaskManager (so the ones running tasks die) and starts fresh ones. */
    private static void killTaskManagers() throws Exception {
        for (int i = TASK_MANAGERS - 1; i >= 0; i--) {
            cluster.terminateTaskManager(firstLive + i).get(60, TimeUnit.SECONDS);
        }
        firstLive += TASK_MANAGERS;
        for (int i = 0; i < TASK_MANAGERS; i++) {
            cluster.startTaskManager();
        }
    }

    @Test
    void everyRowExactlyOnceThroughTaskManagerFailuresAndRescales(@TempDir Path savepoints)
            throws Exception {
        String dir = savepoints.toUri().toString();
        JobClient a = start("torture-a", 2, null);
        Queue<String> qa = CollectingSink.queue("torture-a");
        awaitRecords(qa, 300);
        killTaskManagers();
        awaitRecords(qa, qa.size() + 300);
        killTaskManagers();
        awaitRecords(qa, qa.size() + 200);
        String first =
                a.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL)
                        .get(120, TimeUnit.SECONDS);

        JobClient b = start("torture-b", 3, first);
        Queue<String> qb = CollectingSink.queue("torture-b");
        awaitRecords(qb, 300);
        killTaskManagers();
        awaitRecords(qb, qb.size() + 300);
        String second =
                b.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL)
                        .get(120, TimeUnit.SECONDS);

        JobClient c = start("torture-c", 1, second);
        Queue<String> qc = CollectingSink.queue("torture-c");
        awaitRecords(qc, 200);
        killTaskManagers();
        c.getJobExecutionResult().get(180, TimeUnit.SECONDS);

        Map<String, String> byPosition = new HashMap<>();
        int delivered = qa.size() + qb.size() + qc.size();
        for (Queue<String> q : List.of(qa, qb, qc)) {
            for (String record : q) {
                String position = record.substring(0, record.lastIndexOf(':'));
                String previous = byPosition.putIfAbsent(position, record);
                assertThat(previous == null || previous.equals(record))
                        .as("replay at %s differs: %s vs %s", position, previous, record)
                        .isTrue();
            }
        }
        // The failures really happened: records after the last checkpoint were replayed.
        assertThat(delivered).isGreaterThan(byPosition.size());
        LaneRecord.perLane(byPosition.values());
        Set<String> rows = new HashSet<>();
        for (String record : byPosition.values()) {
            assertThat(rows.add(record.substring(record.lastIndexOf(':') + 1)))
                    .as("row twice: %s", record)
                    .isTrue();
        }
        int total = 0;
        for (int n : SHARDS) {
            total += n * ROWS;
        }
        assertThat(rows).hasSize(total);
    }
}

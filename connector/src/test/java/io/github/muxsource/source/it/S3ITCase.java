package io.github.muxsource.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shards on a real S3-compatible server (moto on loopback) through Flink's S3 file system. */
class S3ITCase {
    private static final MotoServer MOTO = startMoto();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(s3Config())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static MotoServer startMoto() {
        try {
            MotoServer moto = new MotoServer();
            moto.start();
            moto.createBucket("shards");
            for (String name : SourceFixtures.NAMES) {
                moto.upload(SourceFixtures.dataset(name), "shards", name);
            }
            FileSystem.initialize(s3Config(moto), null);
            return moto;
        } catch (Exception e) {
            throw new IllegalStateException("could not start moto_server (is it installed?)", e);
        }
    }

    private static Configuration s3Config() {
        return s3Config(MOTO);
    }

    private static Configuration s3Config(MotoServer moto) {
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", moto.endpoint());
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", "testing");
        conf.setString("s3.secret-key", "testing");
        // Fail fast while the server is down; Flink's restart strategy does the retrying.
        conf.setString("s3.retry.limit", "1");
        conf.setString("s3.attempts.maximum", "1");
        conf.setString("s3.connection.establish.timeout", "2000");
        return conf;
    }

    @AfterAll
    static void stopMoto() throws Exception {
        MOTO.close();
    }

    private static MuxSourceBuilder<Sample> builder(String alpha, String beta, String gamma) {
        return MuxSource.builder()
                .dataset("alpha", 1, alpha)
                .dataset("beta", 2, beta)
                .dataset("gamma", 3, gamma)
                .stochastic(2, 6.0)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .seed(21)
                .lanes(3);
    }

    private static List<String> run(MuxSource<Sample> source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                        .map(LaneRecord::of)
                        .returns(Types.STRING)
                        .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void shardsOnS3GiveExactlyTheSequencesOfTheSameShardsOnLocalDisk() throws Exception {
        for (RowOrder order : RowOrder.values()) {
            MuxSource<Sample> remote =
                    builder(
                                    "s3://shards/alpha/",
                                    "s3://shards/beta/*.npz",
                                    "s3://shards/gamma/part-00.npz")
                            .rowOrder(order)
                            .maxRecords(1500)
                            .build();
            MuxSource<Sample> local =
                    builder(
                                    SourceFixtures.dataset("alpha").toString(),
                                    SourceFixtures.dataset("beta") + "/*.npz",
                                    SourceFixtures.dataset("gamma")
                                            .resolve("part-00.npz")
                                            .toString())
                            .rowOrder(order)
                            .maxRecords(1500)
                            .build();
            Map<Integer, List<String>> fromS3 = LaneRecord.perLane(run(remote));
            assertThat(fromS3.values().stream().mapToInt(List::size).sum()).isEqualTo(1500);
            assertThat(fromS3).as("row order %s", order).isEqualTo(LaneRecord.perLane(run(local)));
        }
    }

    @Test
    void anS3OutageMidJobIsSurvivedThroughTheRestartStrategy() throws Exception {
        MuxSource<Sample> source =
                builder("s3://shards/alpha/", "s3://shards/beta/", "s3://shards/gamma/")
                        .stochastic(3)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .rowOrder(RowOrder.SEQUENTIAL)
                        .build();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(300));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(50);
        FailWhenArmed.ARMED.set(false);
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                        .map(LaneRecord::of)
                        .returns(Types.STRING)
                        .map(new Throttle(1, 20))
                        .map(new FailWhenArmed())
                        .executeAndCollect()) {
            while (out.size() < 40 && it.hasNext()) {
                out.add(it.next());
            }
            // The server goes away; a task failure now makes every lane reopen its shards from S3,
            // which fails until the server is back.
            MOTO.stop();
            FailWhenArmed.ARMED.set(true);
            Thread.sleep(3000);
            MOTO.start();
            MOTO.createBucket("shards");
            for (String name : SourceFixtures.NAMES) {
                MOTO.upload(SourceFixtures.dataset(name), "shards", name);
            }
            it.forEachRemaining(out::add);
        }
        assertThat(FailWhenArmed.FIRED).isTrue();
        assertThat(out.stream().map(r -> r.split(":")[2]).distinct().count())
                .isEqualTo(out.size())
                .isEqualTo(SourceFixtures.TOTAL_ROWS);
    }

    /** Throws once, the first time it sees a record after the test armed it. */
    static final class FailWhenArmed
            implements org.apache.flink.api.common.functions.MapFunction<String, String> {
        static final java.util.concurrent.atomic.AtomicBoolean ARMED =
                new java.util.concurrent.atomic.AtomicBoolean();
        static final java.util.concurrent.atomic.AtomicBoolean FIRED =
                new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public String map(String value) {
            if (ARMED.compareAndSet(true, false)) {
                FIRED.set(true);
                throw new IllegalStateException("injected failure while S3 is down");
            }
            return value;
        }
    }

    @Test
    void exhaustivePassOverS3DeliversEveryRowOnce() throws Exception {
        MuxSource<Sample> source =
                builder("s3://shards/alpha/", "s3://shards/beta/", "s3://shards/gamma/")
                        .stochastic(3)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .rowOrder(RowOrder.SHUFFLED)
                        .build();
        List<String> out = run(source);
        assertThat(out.stream().map(r -> r.split(":")[2]).distinct().count())
                .isEqualTo(out.size())
                .isEqualTo(SourceFixtures.TOTAL_ROWS);
    }
}

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
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A savepoint taken by version 1 (committed under {@code src/test/resources/savepoints/v1}, with
 * the records emitted before it and the whole run that version produced) restores at another
 * parallelism and continues every lane exactly as version 1 would have. {@link SavepointGenerator}
 * writes it; never rewrite a released version's.
 *
 * <p>Lanes keep their shards' paths in state, so the job reads the fixtures from a fixed location,
 * {@link #SHARDS}, where every run copies them first: the savepoint restores from any checkout.
 */
class SavepointCompatibilityITCase {
    private static final String RESOURCE = "/savepoints/v1";

    /** Where the savepoint's job reads its shards: a path that does not depend on the checkout. */
    static final Path SHARDS =
            Path.of(System.getProperty("java.io.tmpdir"), "muxsource-savepoint-v1");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

    /** The job the savepoint was taken from; uids keep its state addressable. */
    static JobClient start(String sink, int parallelism, String savepoint, int throttleEvery)
            throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        stageShards();
        MuxSourceBuilder<Sample> builder = MuxSource.builder();
        for (int d = 0; d < SourceFixtures.NAMES.length; d++) {
            String name = SourceFixtures.NAMES[d];
            builder.dataset(name, d + 1.0, SHARDS.resolve(name).toString());
        }
        MuxSource<Sample> source =
                builder.stochastic(2, 9.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .rowOrder(RowOrder.SHUFFLED)
                        .seed(2026)
                        .lanes(3)
                        .maxRecords(3000)
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                .uid("mux-source")
                .map(LaneRecord::of)
                .returns(Types.STRING)
                .uid("to-record")
                .map(new Throttle(throttleEvery))
                .uid("throttle")
                .sinkTo(new CollectingSink(sink))
                .uid("collect");
        return env.executeAsync();
    }

    @Test
    void committedSavepointRestoresAndContinuesEveryLane(@TempDir Path dir) throws Exception {
        Path committed = resource(RESOURCE);
        Path savepoint = dir.resolve("savepoint");
        copyTree(committed.resolve("savepoint"), savepoint);
        List<String> before = Files.readAllLines(committed.resolve("before.txt"));
        var expected = LaneRecord.perLane(Files.readAllLines(committed.resolve("expected.txt")));

        for (int parallelism : new int[] {1, 3}) {
            String sink = "after-" + parallelism;
            start(sink, parallelism, savepoint.toUri().toString(), Integer.MAX_VALUE)
                    .getJobExecutionResult()
                    .get(120, TimeUnit.SECONDS);
            List<String> all = new ArrayList<>(before);
            all.addAll(CollectingSink.queue(sink));
            assertThat(LaneRecord.perLane(all))
                    .as("restored at %d", parallelism)
                    .isEqualTo(expected);
        }
    }

    /**
     * Copies the fixture datasets to {@link #SHARDS}, where the savepoint's lanes look for them.
     */
    static void stageShards() throws IOException {
        for (String name : SourceFixtures.NAMES) {
            copyTree(SourceFixtures.dataset(name), SHARDS.resolve(name));
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SavepointCompatibilityITCase.class.getResource(name).toURI());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

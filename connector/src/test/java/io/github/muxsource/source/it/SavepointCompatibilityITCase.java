package io.github.muxsource.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
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

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A savepoint taken by this version (committed under {@code src/test/resources/savepoints/v1}, with
 * the records emitted before it) restores at another parallelism and continues every lane exactly.
 * {@link #main} regenerates it; never rewrite a released version's.
 */
class SavepointCompatibilityITCase {
    private static final String RESOURCE = "/savepoints/v1";

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
        MuxSource<Sample> source =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2, 9.0)
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

        start("reference", 2, null, Integer.MAX_VALUE)
                .getJobExecutionResult()
                .get(120, TimeUnit.SECONDS);
        var reference = LaneRecord.perLane(CollectingSink.queue("reference"));

        for (int parallelism : new int[] {1, 3}) {
            String sink = "after-" + parallelism;
            start(sink, parallelism, savepoint.toUri().toString(), Integer.MAX_VALUE)
                    .getJobExecutionResult()
                    .get(120, TimeUnit.SECONDS);
            List<String> all = new ArrayList<>(before);
            all.addAll(CollectingSink.queue(sink));
            assertThat(LaneRecord.perLane(all))
                    .as("restored at %d", parallelism)
                    .isEqualTo(reference);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SavepointCompatibilityITCase.class.getResource(name).toURI());
    }

    private static void copyTree(Path from, Path to) throws Exception {
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

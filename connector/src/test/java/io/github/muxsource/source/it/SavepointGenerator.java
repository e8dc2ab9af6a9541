package io.github.muxsource.source.it;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes {@code savepoints/v1}: runs the {@link SavepointCompatibilityITCase} job at parallelism 2,
 * stops it with a savepoint after 1,000 records, and keeps the savepoint and the records ({@code
 * before.txt}); then runs the same job to its end and keeps all it emitted ({@code expected.txt}),
 * which later versions must continue to exactly. Run once per released state version: {@code
 * SavepointGenerator connector/src/test/resources/savepoints/v1}.
 */
public final class SavepointGenerator {
    private SavepointGenerator() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build())) {
            cluster.start();
            TestStreamEnvironment.setAsContext(cluster, 2);
            JobClient job = SavepointCompatibilityITCase.start("before", 2, null, 1);
            Queue<String> before = CollectingSink.queue("before");
            while (before.size() < 1000) {
                Thread.sleep(5);
            }
            Path target = Files.createTempDirectory("muxsource-savepoint");
            String savepoint =
                    job.stopWithSavepoint(
                                    false, target.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
            Path dir = Path.of(java.net.URI.create(savepoint));
            Path keep = out.resolve("savepoint");
            Files.createDirectories(keep);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.copy(p, keep.resolve(p.getFileName()));
                }
            }
            List<String> records = new ArrayList<>(before);
            Files.write(out.resolve("before.txt"), records);
            SavepointCompatibilityITCase.start("expected", 2, null, Integer.MAX_VALUE)
                    .getJobExecutionResult()
                    .get(120, TimeUnit.SECONDS);
            Files.write(out.resolve("expected.txt"), CollectingSink.queue("expected"));
            TestStreamEnvironment.unsetAsContext();
        }
        System.exit(0);
    }
}

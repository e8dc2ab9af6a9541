package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code src/test/e2e/cluster_e2e.sh} after packaging (failsafe, {@code mvn verify}): a
 * standalone JobManager and TaskManager as separate JVMs, {@code mix} submitted from the job jar
 * (Flink not inside, as a cluster user would submit it) through {@code CliFrontend run}, the
 * TaskManager killed with {@code kill -9} mid-job, every row exactly once. The cluster's classpath
 * is this test's: Flink's runtime and client jars from Maven Central.
 */
class ClusterE2EIT {

    @Test
    void mixSurvivesAKilledTaskManagerOnAStandaloneCluster() throws Exception {
        Path jar = Path.of("target/muxsource-examples.jar").toAbsolutePath();
        Path jobJar = Path.of("target/muxsource-examples-job.jar").toAbsolutePath();
        assertThat(jar).exists();
        assertThat(jobJar).exists();
        Path work = Path.of("target/cluster-e2e").toAbsolutePath();
        Path classpath = Files.createTempFile("muxsource-e2e", ".classpath");
        Files.writeString(classpath, flinkOnly(System.getProperty("java.class.path")));
        Path log = Path.of("target/cluster-e2e.log").toAbsolutePath();
        Process p =
                new ProcessBuilder(
                                List.of(
                                        "bash",
                                        "src/test/e2e/cluster_e2e.sh",
                                        jar.toString(),
                                        jobJar.toString(),
                                        classpath.toString(),
                                        work.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        boolean finished = p.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("cluster e2e finished within 8 minutes:\n%s", output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("exactly once: 1200000 rows").contains("cluster e2e: OK");
    }

    /**
     * The test classpath without this project's own classes and jars: the cluster must run what the
     * job jar brings, not find it on its own classpath.
     */
    private static String flinkOnly(String classpath) {
        Path project = Path.of("..").toAbsolutePath().normalize();
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(
                        e ->
                                !Path.of(e).toAbsolutePath().normalize().startsWith(project)
                                        && !e.contains("io/github/muxsource"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}

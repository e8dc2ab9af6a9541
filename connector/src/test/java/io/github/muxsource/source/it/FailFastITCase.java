package io.github.muxsource.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.SourceFixtures;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.scheduler.ExecutionGraphInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A mistake no restart can fix ends the job once, even with checkpointing on and a restart strategy
 * that would retry forever: before, a misspelled path restarted the job endlessly.
 */
class FailFastITCase {

    @Test
    void misspelledPathFailsTheJobOnceWithinAMinuteNamingThePath() throws Exception {
        String misspelled = SourceFixtures.dataset("alpha").resolveSibling("alhpa").toString();
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        MiniClusterConfiguration clusterConf =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(2)
                        .build();
        try (MiniCluster cluster = new MiniCluster(clusterConf)) {
            cluster.start();
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            env.setParallelism(2);
            env.fromSource(
                            MuxSource.builder()
                                    .dataset("alpha", 1, misspelled)
                                    .dataset("beta", 1, SourceFixtures.dataset("beta").toString())
                                    // as for a path only the cluster sees: the enumerator checks
                                    .checkShardsOnClient(false)
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "mux")
                    .sinkTo(new DiscardingSink<Sample>());

            long start = System.nanoTime();
            JobID job = cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
            JobResult result = cluster.requestJobResult(job).get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(seconds).as("seconds until the job ended").isLessThan(60);
            assertThat(result.getJobStatus()).contains(JobStatus.FAILED);
            Throwable failure =
                    result.getSerializedThrowable()
                            .orElseThrow()
                            .deserializeError(getClass().getClassLoader());
            assertThat(ExceptionUtils.stringifyException(failure))
                    .contains("dataset 'alpha': ")
                    .contains(misspelled + ": no such file or directory")
                    .contains("SuppressRestartsException");

            ExecutionGraphInfo info = cluster.getExecutionGraphInfo(job).get();
            assertThat(info.getArchivedExecutionGraph().getAllExecutionVertices())
                    .as("no task was ever restarted (attempt numbers all 0)")
                    .isNotEmpty()
                    .allSatisfy(v -> assertThat(attempt(v)).isZero());
            assertThat(info.getExceptionHistory()).as("the job failed exactly once").hasSize(1);
        }
    }

    private static int attempt(AccessExecutionVertex vertex) {
        return vertex.getCurrentExecutionAttempt().getAttemptNumber();
    }
}

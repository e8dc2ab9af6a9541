package io.github.muxsource.source.suite;

import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;

import org.junit.jupiter.api.Timeout;

/**
 * Flink's own connector test suite over MuxSource: single and multiple splits, an idle reader,
 * savepoint, scale up, scale down, metrics and TaskManager failure. The unbounded cases write more
 * shards after the job started, which a monitored source picks up. Exactly-once only: the suite's
 * at-least-once runs check the same source behaviour with a weaker assertion, at twice the cost.
 * Each case has a timeout because the suite's own waits have none.
 */
@Timeout(120)
class MuxSourceTestSuiteITCase extends SourceTestSuiteBase<Long> {

    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestContext ExternalContextFactory<NpzShardsContext> shards = name -> new NpzShardsContext();

    @TestSemantics CheckpointingMode[] semantics = {CheckpointingMode.EXACTLY_ONCE};
}

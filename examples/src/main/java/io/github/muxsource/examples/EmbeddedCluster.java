package io.github.muxsource.examples;

import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * One embedded Flink (a {@link MiniCluster}) for the whole of a command, started at its first job
 * and closed when the command returns.
 *
 * <p>Why not Flink's default local environment: it starts a MiniCluster per job and shuts it down
 * the moment the job finishes. A {@code executeAndCollect} iterator still talking to the job then
 * finds no cluster to ask for the job's status, and Flink warns "Failed to get job status so we
 * assume that the job has terminated. Some data might be lost." with a stack trace, on every
 * bounded collect. Here the cluster outlives every job and iterator of the command, so a collect
 * ends cleanly; the commands also stop paying a cluster start per job.
 *
 * <p>Installed as the context environment, so every {@code
 * StreamExecutionEnvironment.getExecutionEnvironment()} in a command (and a table environment made
 * from one) runs here. Under {@code flink run} the CLI has installed its own context environment:
 * then {@link #installIfLocal()} leaves it alone and the jobs go to the real cluster.
 */
final class EmbeddedCluster
        implements AutoCloseable,
                PipelineExecutorServiceLoader,
                PipelineExecutorFactory,
                PipelineExecutor {
    private static final String TARGET = "muxsource-embedded";

    private final boolean installed;
    private MiniCluster cluster;
    private int slotsPerTaskManager;
    private int slots;

    private EmbeddedCluster(boolean installed) {
        this.installed = installed;
    }

    /**
     * Makes {@code getExecutionEnvironment()} run on one shared embedded cluster, unless a context
     * environment (a real cluster's, under {@code flink run}) is already in place.
     */
    static EmbeddedCluster installIfLocal() {
        if (!(StreamExecutionEnvironment.getExecutionEnvironment()
                instanceof LocalStreamEnvironment)) {
            return new EmbeddedCluster(false);
        }
        EmbeddedCluster embedded = new EmbeddedCluster(true);
        Context.install(embedded);
        return embedded;
    }

    private StreamExecutionEnvironment environment(Configuration given) {
        Configuration conf = new Configuration(given);
        conf.set(DeploymentOptions.TARGET, TARGET);
        conf.set(DeploymentOptions.ATTACHED, true);
        return new StreamExecutionEnvironment(this, conf, null);
    }

    @Override
    public CompletableFuture<JobClient> execute(
            Pipeline pipeline, Configuration configuration, ClassLoader userCodeClassLoader)
            throws Exception {
        StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
        graph.serializeUserDefinedInstances();
        MiniCluster running = clusterWithSlots(graph.getMaximumParallelism());
        return running.submitJob(graph)
                .thenApply(
                        submitted ->
                                new MiniClusterJobClient(
                                        submitted.getJobID(),
                                        running,
                                        userCodeClassLoader,
                                        // The cluster lives until the command ends, not the job.
                                        MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }

    /** Starts the cluster on first use; adds TaskManagers when a job needs more slots. */
    private synchronized MiniCluster clusterWithSlots(int needed) throws Exception {
        if (cluster == null) {
            slotsPerTaskManager = Math.max(needed, Runtime.getRuntime().availableProcessors());
            Configuration conf = new Configuration();
            conf.set(RestOptions.BIND_PORT, "0");
            cluster =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(conf)
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(slotsPerTaskManager)
                                    .setRpcServiceSharing(RpcServiceSharing.SHARED)
                                    .build());
            cluster.start();
            slots = slotsPerTaskManager;
        }
        while (slots < needed) {
            cluster.startTaskManager();
            slots += slotsPerTaskManager;
        }
        return cluster;
    }

    @Override
    public synchronized void close() throws Exception {
        if (installed) {
            Context.uninstall();
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
        return Stream.of(TARGET);
    }

    @Override
    public String getName() {
        return TARGET;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
        return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return this;
    }

    /** Reaches the protected context-environment hooks, as Flink's own test environments do. */
    private abstract static class Context extends StreamExecutionEnvironment {
        static void install(EmbeddedCluster embedded) {
            initializeContextEnvironment(embedded::environment);
        }

        static void uninstall() {
            resetContextEnvironment();
        }
    }
}

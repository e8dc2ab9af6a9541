package io.github.muxsource.examples;

import io.github.muxsource.npz.NpzWriter;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.enumerator.EnumeratorState;
import io.github.muxsource.source.enumerator.EnumeratorStateSerializer;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.enumerator.ShardInfo;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneSplitSerializer;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-scale}: many shards. Writes {@code --shards} small shards in 3 datasets, times
 * discovery (listing and header validation) and lane planning, a reader's start (lanes added to the
 * first record) and its recovery (a new reader from a snapshot to its first record), runs every
 * lane's mux for {@code --records} records, and reports the sizes that must fit Flink's RPC frame:
 * the largest split-assignment message (one lane) and the enumerator state holding every lane.
 */
final class ScaleBench {
    private ScaleBench() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args =
                new Args(
                        argv, 1, Set.of(), Set.of("shards", "lanes", "records", "n-active", "dir"));
        int shards = args.getInt("shards", 10_000);
        int lanes = args.getInt("lanes", 4);
        int records = args.getInt("records", 100_000);
        int nActive = args.getInt("n-active", 3);
        Path dir =
                Path.of(args.get("dir", Files.createTempDirectory("muxsource-scale").toString()));
        int[] perDataset = {shards / 2, shards * 3 / 10, shards - shards / 2 - shards * 3 / 10};
        byte[] x = new byte[16 * 4];
        byte[] y = new byte[16 * 8];
        MuxSourceBuilder<Sample> builder = MuxSource.builder();
        for (int d = 0; d < 3; d++) {
            Path dataset = dir.resolve("d" + d);
            Files.createDirectories(dataset);
            for (int s = 0; s < perDataset[d]; s++) {
                Path file = dataset.resolve(String.format("part-%05d.npz", s));
                if (!Files.exists(file)) {
                    try (NpzWriter w = NpzWriter.create(file, false, false)) {
                        w.add("X", "|u1", new long[] {16, 4}, x);
                        w.add("Y", "<i8", new long[] {16}, y);
                        w.commit();
                    }
                }
            }
            builder.dataset("d" + d, d + 1, dataset.toString());
        }
        MuxSource<Sample> source = builder.stochastic(nActive, 100.0).lanes(lanes).build();
        MuxConfig config = source.config();

        long start = System.nanoTime();
        List<List<ShardInfo>> found = new ShardDiscovery(config).discover();
        double discoverySeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        List<LaneSplit> planned = LanePlanner.plan(config, found, lanes);
        double planningSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        SourceReader<Sample, LaneSplit> reader = source.createReader(new BenchReaderContext());
        reader.start();
        reader.addSplits(planned);
        reader.notifyNoMoreSplits();
        CountingOutput output = new CountingOutput();
        poll(reader, output, 1);
        double startSeconds = (System.nanoTime() - start) / 1e9;
        poll(reader, output, records);
        List<LaneSplit> snapshot = reader.snapshotState(1);
        reader.close();

        start = System.nanoTime();
        SourceReader<Sample, LaneSplit> recovered = source.createReader(new BenchReaderContext());
        recovered.start();
        recovered.addSplits(snapshot);
        recovered.notifyNoMoreSplits();
        poll(recovered, new CountingOutput(), 1);
        double recoverySeconds = (System.nanoTime() - start) / 1e9;
        recovered.close();

        long largestMessage = 0;
        for (LaneSplit lane : planned) {
            largestMessage =
                    Math.max(largestMessage, LaneSplitSerializer.INSTANCE.serialize(lane).length);
        }
        long splitBytes = 0;
        long stateBytes = 0;
        int slices = 0;
        for (LaneSplit lane : snapshot) {
            splitBytes += LaneSplitSerializer.INSTANCE.serialize(lane).length;
            stateBytes += lane.muxState().length;
            slices += lane.slices().size();
        }
        long enumeratorBytes =
                EnumeratorStateSerializer.INSTANCE.serialize(new EnumeratorState(lanes, planned))
                        .length;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("shards", shards);
        result.put("lanes", lanes);
        result.put("discovery_seconds", NpzBench.round(discoverySeconds));
        result.put("planning_seconds", NpzBench.round(planningSeconds));
        result.put("reader_start_seconds", NpzBench.round(startSeconds));
        result.put("reader_recovery_seconds", NpzBench.round(recoverySeconds));
        result.put("largest_assignment_message_bytes", largestMessage);
        result.put("records_polled", output.count);
        result.put("streams_per_lane", slices / snapshot.size());
        result.put("lane_split_bytes_per_lane", splitBytes / snapshot.size());
        result.put("mux_state_bytes_per_lane", stateBytes / snapshot.size());
        result.put("mux_state_bytes_per_stream", NpzBench.round(stateBytes / (double) slices));
        result.put("enumerator_state_bytes_all_lanes_unassigned", enumeratorBytes);
        out.printf(
                "discovery of %,d shards %.2f s, lane planning %.3f s, reader start %.3f s,"
                        + " recovery %.3f s%n",
                shards, discoverySeconds, planningSeconds, startSeconds, recoverySeconds);
        out.printf(
                "per lane: %d streams, split %,d bytes, of which mux state %,d bytes (%.1f bytes/stream)%n",
                slices / snapshot.size(),
                splitBytes / snapshot.size(),
                stateBytes / snapshot.size(),
                stateBytes / (double) slices);
        out.println(Json.write(result));
        return 0;
    }

    /** Polls until {@code output} has {@code records} records or the input ends. */
    private static void poll(
            SourceReader<Sample, LaneSplit> reader, CountingOutput output, long records)
            throws Exception {
        while (output.count < records) {
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                break;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** The least a reader needs outside a task: unregistered metrics. */
    private static final class BenchReaderContext implements SourceReaderContext {
        private final SourceReaderMetricGroup metrics =
                UnregisteredMetricsGroup.createSourceReaderMetricGroup();

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return metrics;
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return null;
        }
    }

    private static final class CountingOutput implements ReaderOutput<Sample> {
        long count;

        @Override
        public void collect(Sample record) {
            count++;
        }

        @Override
        public void collect(Sample record, long timestamp) {
            count++;
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<Sample> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }
}

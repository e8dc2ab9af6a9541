package io.github.muxsource.source.it;

import static io.github.muxsource.source.it.Jobs.collect;
import static io.github.muxsource.source.it.Jobs.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Batches on a real Flink runtime at parallelism 2: each reader's batches hold exactly the rows the
 * record source emits in that reader, in order; a failure after a checkpoint restores the same
 * batches; and with object reuse on, emitted samples and batches stay intact downstream.
 */
class BatchITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoTaskManagers();

    private static final int SIZE = 64;

    @BeforeEach
    void reset() {
        FailOnceAfterCheckpoint.reset();
        Keep.KEPT.clear();
    }

    private static MuxSourceBuilder<Sample> randomMix(long seed) {
        return SourceFixtures.builder(1, 2, 3)
                .stochastic(1, 20.0)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .rowOrder(RowOrder.RANDOM)
                .seed(seed)
                .lanes(4)
                // Shards open when first needed: restored readers wait for them mid-batch.
                .lookaheadRecords(0);
    }

    /** "subtask|lane:position:key" per record, tagged by the (chained) source subtask. */
    private static final class TagRecord extends RichMapFunction<Sample, String> {
        @Override
        public String map(Sample s) {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                    + "|"
                    + LaneRecord.of(s);
        }
    }

    /** "subtask|row,row,..." per batch, each row "lane:position:key". */
    private static final class TagBatch extends RichMapFunction<SampleBatch, String> {
        @Override
        public String map(SampleBatch b) {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "|" + rows(b);
        }
    }

    private static String rows(SampleBatch b) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            rows.add(LaneRecord.of(b.sample(i)));
        }
        return String.join(",", rows);
    }

    private static List<String> batchesOf(MuxSource<SampleBatch> source, Configuration conf)
            throws Exception {
        return collect(
                env(2, conf)
                        .fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                        .map(new TagBatch())
                        .returns(Types.STRING));
    }

    /** Rows per reader, keyed by the lanes the reader held (lane assignment is not ours to fix). */
    private static Map<String, List<String>> perReader(List<String> tagged, boolean batches) {
        Map<Integer, List<String>> bySubtask = new TreeMap<>();
        for (String t : tagged) {
            int bar = t.indexOf('|');
            List<String> rows =
                    bySubtask.computeIfAbsent(
                            Integer.parseInt(t.substring(0, bar)), k -> new ArrayList<>());
            String body = t.substring(bar + 1);
            rows.addAll(batches ? Arrays.asList(body.split(",")) : List.of(body));
        }
        Map<String, List<String>> byLanes = new TreeMap<>();
        bySubtask.forEach(
                (subtask, rows) -> {
                    Set<String> lanes = new java.util.TreeSet<>();
                    rows.forEach(r -> lanes.add(r.split(":")[0]));
                    byLanes.put(lanes.toString(), rows);
                });
        return byLanes;
    }

    @Test
    void eachReadersBatchesHoldTheRecordSourcesRowsInTheSameOrder() throws Exception {
        List<String> records =
                collect(
                        env(2, new Configuration())
                                .fromSource(
                                        randomMix(7).maxRecords(3001).build(),
                                        WatermarkStrategy.noWatermarks(),
                                        "mux")
                                .map(new TagRecord())
                                .returns(Types.STRING));
        List<String> batches =
                batchesOf(randomMix(7).maxRecords(3001).batches(SIZE).build(), new Configuration());

        Map<String, List<String>> expected = perReader(records, false);
        assertThat(expected).hasSize(2);
        assertThat(perReader(batches, true)).isEqualTo(expected);
        // Every batch is full but the last of each reader.
        Map<Integer, List<Integer>> sizes = new TreeMap<>();
        for (String b : batches) {
            int bar = b.indexOf('|');
            sizes.computeIfAbsent(Integer.parseInt(b.substring(0, bar)), k -> new ArrayList<>())
                    .add(b.substring(bar + 1).split(",").length);
        }
        sizes.forEach(
                (subtask, list) -> {
                    assertThat(list.subList(0, list.size() - 1)).allMatch(n -> n == SIZE);
                    assertThat(list.get(list.size() - 1)).isBetween(1, SIZE);
                });
        assertThat(sizes.values().stream().mapToInt(l -> l.stream().mapToInt(n -> n).sum()).sum())
                .isEqualTo(3001);
    }

    @Test
    void failureAfterACheckpointRestoresTheSameBatches() throws Exception {
        MuxSource<SampleBatch> source = randomMix(11).maxRecords(20_000).batches(SIZE).build();
        List<String> reference = batchesOf(source, new Configuration());

        StreamExecutionEnvironment env = env(2, new Configuration());
        env.enableCheckpointing(50);
        List<String> recovered =
                collect(
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                                .map(new TagBatch())
                                .returns(Types.STRING)
                                .map(new Throttle(1, 5))
                                .map(new FailOnceAfterCheckpoint(40)));
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        assertThat(untagged(recovered)).containsExactlyInAnyOrderElementsOf(untagged(reference));
        List<String> rows = new ArrayList<>();
        untagged(recovered).forEach(b -> rows.addAll(Arrays.asList(b.split(","))));
        assertThat(LaneRecord.perLane(rows).values().stream().mapToInt(List::size).sum())
                .isEqualTo(20_000);
    }

    private static List<String> untagged(List<String> tagged) {
        return tagged.stream().map(t -> t.substring(t.indexOf('|') + 1)).toList();
    }

    @Test
    void withObjectReuseKeptSamplesAndBatchesStayIntact() throws Exception {
        Configuration reuse = new Configuration();
        reuse.set(PipelineOptions.OBJECT_REUSE, true);

        StreamExecutionEnvironment env = env(2, reuse);
        env.fromSource(
                        randomMix(3).maxRecords(2000).build(),
                        WatermarkStrategy.noWatermarks(),
                        "mux")
                .sinkTo(new Keep<>());
        env.execute();
        List<String> samples = new ArrayList<>();
        for (Object kept : Keep.KEPT) {
            samples.add(LaneRecord.of((Sample) kept));
        }
        assertThat(LaneRecord.perLane(samples).values().stream().mapToInt(List::size).sum())
                .isEqualTo(2000);

        Keep.KEPT.clear();
        env = env(2, reuse);
        env.fromSource(
                        randomMix(3).maxRecords(2000).batches(SIZE).build(),
                        WatermarkStrategy.noWatermarks(),
                        "mux")
                .sinkTo(new Keep<>());
        env.execute();
        List<String> rows = new ArrayList<>();
        Set<Object> distinct =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Object kept : Keep.KEPT) {
            assertThat(distinct.add(kept)).as("a batch emitted twice as one object").isTrue();
            rows.addAll(Arrays.asList(rows((SampleBatch) kept).split(",")));
        }
        // Same rows as the record job: nothing overwritten after it was emitted.
        assertThat(LaneRecord.perLane(rows)).isEqualTo(LaneRecord.perLane(samples));
    }

    /** Keeps a reference to every element it receives (the MiniCluster runs in this JVM). */
    private static final class Keep<T> implements Sink<T> {
        static final Queue<Object> KEPT = new ConcurrentLinkedQueue<>();

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    KEPT.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}

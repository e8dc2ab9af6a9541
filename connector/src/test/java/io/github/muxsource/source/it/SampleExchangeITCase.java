package io.github.muxsource.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleTypeInfo;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code Sample} records crossing the network between tasks: the source at parallelism 2, a {@code
 * rebalance()} to a map at parallelism 3 on two TaskManagers, Kryo forbidden. The other ITCases
 * turn samples into strings in the source's own task, so only this one runs {@code
 * SampleSerializer} on Flink's network stack.
 */
class SampleExchangeITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoTaskManagers();

    /** "subtask|lane:position:dataset/shard/row" after checking the bytes arrived intact. */
    private static final class Receive extends RichMapFunction<Sample, String> {
        private int subtask;

        @Override
        public void open(OpenContext context) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public String map(Sample s) {
            return subtask + "|" + LaneRecord.of(s);
        }
    }

    @Test
    void samplesCrossARebalanceIntactWithGenericTypesDisabled() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<Sample> samples =
                env.fromSource(
                        SourceFixtures.builder()
                                .roundRobin(RoundRobinMode.EXHAUSTIVE)
                                .rowOrder(RowOrder.SHUFFLED)
                                .seed(5)
                                .lanes(2)
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "mux");
        assertThat(samples.getType()).isInstanceOf(SampleTypeInfo.class);

        List<String> received = new ArrayList<>();
        try (CloseableIterator<String> it =
                samples.rebalance()
                        .map(new Receive())
                        .setParallelism(3)
                        .returns(Types.STRING)
                        .executeAndCollect()) {
            it.forEachRemaining(received::add);
        }

        Set<String> subtasks = new HashSet<>();
        List<String> records = new ArrayList<>();
        for (String r : received) {
            String[] parts = r.split("\\|");
            subtasks.add(parts[0]);
            records.add(parts[1]);
        }
        assertThat(subtasks).as("every receiving subtask got samples").hasSize(3);
        // Every row exactly once, every lane's positions 0..n-1: nothing lost or garbled.
        Map<Integer, List<String>> perLane = new TreeMap<>(LaneRecord.perLane(records));
        assertThat(perLane).hasSize(2);
        Set<String> rows = new HashSet<>();
        perLane.values().forEach(rows::addAll);
        assertThat(records).hasSize(SourceFixtures.TOTAL_ROWS);
        assertThat(rows).hasSize(SourceFixtures.TOTAL_ROWS);
    }
}

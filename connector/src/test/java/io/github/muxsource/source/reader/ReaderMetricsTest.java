package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.WeightSchedule;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.split.LiveWeightsEvent;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The reader's metrics agree with what it emitted. */
class ReaderMetricsTest {

    /** A reader of {@code lanes} lanes reporting its metrics to {@code listener}. */
    private static MuxSourceReader<Sample> reader(
            MuxSource<Sample> source, MetricListener listener, int lanes) throws Exception {
        MuxSourceReader<Sample> reader =
                (MuxSourceReader<Sample>) source.createReader(ReaderDriver.reportingTo(listener));
        reader.addSplits(
                LanePlanner.plan(
                        source.config(), new ShardDiscovery(source.config()).discover(), lanes));
        reader.notifyNoMoreSplits();
        return reader;
    }

    @Test
    void countsRecordsSharesBytesAndStreamsPerDataset() throws Exception {
        MuxSource<Sample> source =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2, 5.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .build();
        MetricListener listener = new MetricListener();
        MuxSourceReader<Sample> reader = reader(source, listener, 2);
        List<Sample> out = ReaderDriver.poll(reader, 600);

        for (int d = 0; d < 3; d++) {
            String name = SourceFixtures.NAMES[d];
            int index = d;
            long emitted = out.stream().filter(s -> s.datasetIndex() == index).count();
            assertThat(
                            listener.getCounter("muxsource", "dataset", name, "records")
                                    .orElseThrow()
                                    .getCount())
                    .isEqualTo(emitted);
            assertThat(gauge(listener, "muxsource", "dataset", name, "realizedShare"))
                    .isEqualTo(emitted / 600.0);
            assertThat(gauge(listener, "muxsource", "dataset", name, "targetShare"))
                    .isEqualTo((d + 1) / 6.0);
        }
        // X is 4 bytes and Y 8 per row.
        assertThat(listener.getCounter("muxsource", "bytesRead").orElseThrow().getCount())
                .isEqualTo(600 * 12);
        assertThat(gauge(listener, "muxsource", "lanes")).isEqualTo(2);
        assertThat(gauge(listener, "muxsource", "activeStreams")).isEqualTo(4);
        assertThat(((Number) gauge(listener, "muxsource", "activations")).longValue())
                .isGreaterThanOrEqualTo(600 / 5 / 2);
        reader.close();
    }

    @Test
    void targetWeightsAndSharesFollowTheScheduleAndLiveWeights() throws Exception {
        // One lane: the step at the source's record 100 is the lane's position 100.
        MuxSource<Sample> source =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2, 5.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .weightSchedule(WeightSchedule.none().at(100, Map.of("alpha", 6.0)))
                        .build();
        MetricListener listener = new MetricListener();
        MuxSourceReader<Sample> reader = reader(source, listener, 1);
        ReaderDriver.poll(reader, 100);
        assertThat(gauge(listener, "muxsource", "dataset", "alpha", "weight")).isEqualTo(1.0);
        assertThat(gauge(listener, "muxsource", "dataset", "alpha", "targetShare"))
                .isEqualTo(1 / 6.0);
        ReaderDriver.poll(reader, 1);
        assertThat(gauge(listener, "muxsource", "dataset", "alpha", "weight")).isEqualTo(6.0);
        assertThat(gauge(listener, "muxsource", "dataset", "gamma", "targetShare"))
                .isEqualTo(3 / 11.0);
        reader.handleSourceEvents(new LiveWeightsEvent(1, Map.of("beta", 11.0)));
        reader.snapshotState(1);
        assertThat(gauge(listener, "muxsource", "dataset", "beta", "weight")).isEqualTo(11.0);
        assertThat(gauge(listener, "muxsource", "dataset", "beta", "targetShare"))
                .isEqualTo(11 / 20.0);
        reader.close();
    }

    /**
     * Without prefetching, emission stops at the first row of a shard not open yet: the counter
     * counts exactly the polls that returned NOTHING_AVAILABLE for that reason (the only one here),
     * and the pool's gauge counts the shards opened, one per stop at least (some open at once).
     */
    @Test
    void shardWaitsCountTheStopsForShardsNotOpenYet() throws Exception {
        MuxSource<Sample> source =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2, 5.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .lookaheadRecords(0)
                        .build();
        MetricListener listener = new MetricListener();
        MuxSourceReader<Sample> reader = reader(source, listener, 2);
        TestingReaderOutput<Sample> output = new TestingReaderOutput<>();
        long stops = 0;
        while (output.getEmittedRecords().size() < 600) {
            InputStatus status = reader.pollNext(output);
            assertThat(status)
                    .as("the fixture's lanes never end")
                    .isNotEqualTo(InputStatus.END_OF_INPUT);
            if (status == InputStatus.NOTHING_AVAILABLE) {
                stops++;
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(stops).as("a new shard stops emission at least once").isPositive();
        assertThat(listener.getCounter("muxsource", "shardWaits").orElseThrow().getCount())
                .isEqualTo(stops);
        assertThat(((Number) gauge(listener, "muxsource", "openShards")).longValue())
                .as("every stop waits for a shard of its own (some open at once, without one)")
                .isGreaterThanOrEqualTo(stops);
        reader.close();
    }

    /**
     * A monitored source reading each row once reports its backlog as Flink's standard {@code
     * pendingRecords}: every row its lanes hold, less what it emitted. With random rows, which
     * never drain, the gauge is not registered.
     */
    @Test
    void pendingRecordsIsTheExactBacklogOfAOnePassMonitoredSource() throws Exception {
        MuxSource<Sample> onePass =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .rowOrder(RowOrder.SEQUENTIAL)
                        .monitorContinuously(Duration.ofSeconds(60))
                        .build();
        MetricListener listener = new MetricListener();
        MuxSourceReader<Sample> reader = reader(onePass, listener, 2);
        long rows = 0;
        for (int[] dataset : SourceFixtures.SHARD_ROWS) {
            rows += java.util.Arrays.stream(dataset).sum();
        }
        assertThat(pendingRecords(listener)).isEqualTo(rows);
        ReaderDriver.poll(reader, 100);
        assertThat(pendingRecords(listener)).isEqualTo(rows - 100);
        assertThat(gauge(listener, "muxsource", "pendingRows")).isEqualTo(rows - 100);
        reader.close();

        MuxSource<Sample> random =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .rowOrder(RowOrder.RANDOM)
                        .maxRecords(1000)
                        .monitorContinuously(Duration.ofSeconds(60))
                        .build();
        MetricListener randomListener = new MetricListener();
        reader(random, randomListener, 2).close();
        assertThat(randomListener.getGauge("pendingRecords")).isEmpty();
        assertThat(gauge(randomListener, "muxsource", "pendingRows")).isNotNull();
    }

    private static long pendingRecords(MetricListener listener) {
        return ((Number) gauge(listener, "pendingRecords")).longValue();
    }

    private static Object gauge(MetricListener listener, String... path) {
        Gauge<Object> gauge =
                listener.<Object>getGauge(path)
                        .orElseThrow(
                                () -> new AssertionError("no gauge " + String.join(".", path)));
        return gauge.getValue();
    }
}

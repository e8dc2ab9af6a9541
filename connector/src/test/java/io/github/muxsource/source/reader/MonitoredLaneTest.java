package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.WeightSchedule;
import io.github.muxsource.source.it.NumpyShards;
import io.github.muxsource.source.split.LaneSlicesEvent;
import io.github.muxsource.source.split.LaneSlicesRequest;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A monitored lane in a reader: waits when dry, takes slices from events, restores alike. */
class MonitoredLaneTest {
    @TempDir static Path dir;
    private static ShardSlice a;
    private static ShardSlice b;

    /** Written once: each case only reads them. */
    @BeforeAll
    static void shards() throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        NumpyShards.write(dir, "b.npz", 10, 6);
        a = new ShardSlice(0, 0, dir.resolve("a.npz").toString(), 0, 10, 1.0);
        b = new ShardSlice(0, 1, dir.resolve("b.npz").toString(), 0, 6, 0.6);
    }

    /** Every exhaustive mux, since each grows its own way. */
    private static UnaryOperator<MuxSourceBuilder<Sample>> mux(String kind) {
        return switch (kind) {
            case "chain" -> s -> s.chain(ChainMode.EXHAUSTIVE);
            case "round-robin" -> s -> s.roundRobin(RoundRobinMode.EXHAUSTIVE);
            default -> s -> s.stochastic(1).mode(StochasticMode.EXHAUSTIVE);
        };
    }

    private static MuxSource<Sample> source(String kind) {
        return mux(kind)
                .apply(
                        MuxSource.builder()
                                .dataset("d", 1, dir.toString())
                                .rowOrder(RowOrder.SHUFFLED)
                                .monitorContinuously(Duration.ofSeconds(1)))
                .build();
    }

    private static List<Long> ids(List<Sample> samples) {
        return samples.stream().map(s -> s.getLong("id", 0)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chain", "round-robin", "stochastic"})
    void aDryLaneWaitsWithoutSpinningThenReadsTheSlicesAnEventBrings(String kind) throws Exception {
        TestingReaderContext context = new TestingReaderContext();
        MuxSourceReader<Sample> reader =
                (MuxSourceReader<Sample>) source(kind).createReader(context);
        reader.start();
        reader.addSplits(List.of(LaneSplit.fresh(0, 1, List.of(a), LaneSplit.UNBOUNDED)));
        reader.notifyNoMoreSplits();
        assertThat(context.getSentEvents()).containsExactly(new LaneSlicesRequest(0, 1));

        assertThat(ids(ReaderDriver.poll(reader, 10)))
                .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        TestingReaderOutput<Sample> output = new TestingReaderOutput<>();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isNotDone();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isNotDone();

        reader.handleSourceEvents(new LaneSlicesEvent(0, 1, List.of(b)));
        assertThat(reader.isAvailable()).isDone();
        assertThat(ids(ReaderDriver.poll(reader, 6)))
                .containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 14L, 15L);

        // A repeated event adds nothing; one past what the lane holds makes it ask.
        reader.handleSourceEvents(new LaneSlicesEvent(0, 1, List.of(b)));
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(reader.isAvailable()).isNotDone();
        context.clearSentEvents();
        reader.handleSourceEvents(new LaneSlicesEvent(0, 5, List.of(b)));
        assertThat(context.getSentEvents()).containsExactly(new LaneSlicesRequest(0, 2));
        assertThat(output.getEmittedRecords()).isEmpty();
        reader.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chain", "round-robin", "stochastic"})
    void aLaneRestoredWithMoreSlicesThanItsStateContinuesAsTheLiveLaneDid(String kind)
            throws Exception {
        MuxSource<Sample> source = source(kind);
        LaneSplit lane = LaneSplit.fresh(0, 1, List.of(a), LaneSplit.UNBOUNDED);
        MuxSourceReader<Sample> live = ReaderDriver.reader(source, List.of(lane));
        ReaderDriver.poll(live, 4);
        LaneSplit beforeEvent = live.snapshotState(1).get(0);
        live.handleSourceEvents(new LaneSlicesEvent(0, 1, List.of(b)));
        List<Long> continuation = ids(ReaderDriver.poll(live, 12));
        live.close();

        // The enumerator completes a waiting lane with what it lacks before assigning it.
        MuxSourceReader<Sample> restored =
                ReaderDriver.reader(source, List.of(beforeEvent.withSlicesAdded(List.of(b))));
        assertThat(ids(ReaderDriver.poll(restored, 12))).isEqualTo(continuation);
        restored.close();
        assertThat(continuation).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void aGrownLaneKeepsItsScheduleAndRestoresAlike() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        NumpyShards.write(other, "c.npz", 100, 8);
        NumpyShards.write(other, "d.npz", 200, 8);
        ShardSlice c = new ShardSlice(1, 0, other.resolve("c.npz").toString(), 0, 8, 1.0);
        ShardSlice d = new ShardSlice(1, 1, other.resolve("d.npz").toString(), 0, 8, 1.0);
        // Budget-1 draws over two datasets whose weights swap at record 10, while the lane grows.
        MuxSource<Sample> source =
                MuxSource.builder()
                        .dataset("x", 1, dir.resolve("a.npz").toString())
                        .dataset("y", 1, other.toString())
                        .stochastic(1, 1.0)
                        .dist(BudgetDistribution.CONSTANT)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .rowOrder(RowOrder.RANDOM)
                        .weightSchedule(
                                WeightSchedule.none()
                                        .at(0, Map.of("x", 9.0, "y", 1.0))
                                        .at(10, Map.of("x", 1.0, "y", 9.0)))
                        .monitorContinuously(Duration.ofSeconds(1))
                        .build();
        LaneSplit lane = LaneSplit.fresh(0, 1, List.of(a, c), LaneSplit.UNBOUNDED);
        MuxSourceReader<Sample> live = ReaderDriver.reader(source, List.of(lane));
        ReaderDriver.poll(live, 5);
        LaneSplit beforeEvent = live.snapshotState(1).get(0);
        live.handleSourceEvents(new LaneSlicesEvent(0, 2, List.of(d)));
        List<Long> continuation = ids(ReaderDriver.poll(live, 400));
        live.close();

        MuxSourceReader<Sample> restored =
                ReaderDriver.reader(source, List.of(beforeEvent.withSlicesAdded(List.of(d))));
        assertThat(ids(ReaderDriver.poll(restored, 400))).isEqualTo(continuation);
        restored.close();
        // After the step, y (ids >= 100, both its shards) is drawn 9 times in 10: far more than
        // half of 395 records (a binomial with p = 0.9 is below 300 with probability < 1e-9).
        List<Long> afterStep = continuation.subList(5, continuation.size());
        assertThat(afterStep.stream().filter(id -> id >= 100).count()).isGreaterThan(300);
        assertThat(afterStep.stream().filter(id -> id >= 200).count()).isPositive();
    }
}

package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reader checkpointing without a cluster: poll, snapshot, new reader, continue, same sequence. */
class MuxSourceReaderTest {

    private static List<LaneSplit> lanes(MuxSource<?> source, int count) throws Exception {
        return LanePlanner.plan(
                source.config(), new ShardDiscovery(source.config()).discover(), count);
    }

    @ParameterizedTest
    @EnumSource(RowOrder.class)
    void restoredReaderContinuesExactlyWhereTheSnapshotWasTaken(RowOrder order) throws Exception {
        MuxSource<Sample> source =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2, 7.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .rowOrder(order)
                        .seed(5)
                        .build();
        List<LaneSplit> lanes = lanes(source, 3);

        MuxSourceReader<Sample> uninterrupted = ReaderDriver.reader(source, lanes);
        List<Sample> reference = ReaderDriver.poll(uninterrupted, 900);
        uninterrupted.close();
        assertThat(reference).hasSize(900);
        reference.forEach(SourceFixtures::assertBytesMatchProvenance);

        List<Sample> resumed = new ArrayList<>();
        List<LaneSplit> state = lanes;
        for (int cut : new int[] {0, 1, 137, 400, 401, 899}) {
            MuxSourceReader<Sample> reader = ReaderDriver.reader(source, state);
            resumed.addAll(ReaderDriver.poll(reader, cut - resumed.size()));
            state = reader.snapshotState(cut);
            reader.close();
        }
        MuxSourceReader<Sample> last = ReaderDriver.reader(source, state);
        resumed.addAll(ReaderDriver.poll(last, 900 - resumed.size()));
        last.close();
        assertThat(resumed).containsExactlyElementsOf(reference);
    }

    @ParameterizedTest
    @EnumSource(
            value = RowOrder.class,
            names = {"SEQUENTIAL", "SHUFFLED"})
    void exhaustivePassDeliversEveryRowOnceAndEnds(RowOrder order) throws Exception {
        MuxSource<Sample> source =
                SourceFixtures.builder()
                        .stochastic(3, null)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .rowOrder(order)
                        .build();
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes(source, 2));
        List<Sample> all = ReaderDriver.poll(reader, 10_000);
        assertThat(reader.pollNext(new TestingReaderOutput<>()))
                .isEqualTo(InputStatus.END_OF_INPUT);
        reader.close();
        Set<String> keys = new HashSet<>();
        all.forEach(s -> keys.add(SourceFixtures.key(s)));
        assertThat(all).hasSize(SourceFixtures.TOTAL_ROWS);
        assertThat(keys).hasSize(SourceFixtures.TOTAL_ROWS);
    }

    @ParameterizedTest
    @EnumSource(RowOrder.class)
    void lanePositionsAreContiguousPerLane(RowOrder order) throws Exception {
        MuxSource<Sample> source =
                SourceFixtures.builder()
                        .stochastic(3, 4.0)
                        .rowOrder(order)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .build();
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes(source, 4));
        List<Sample> out = ReaderDriver.poll(reader, 400);
        reader.close();
        assertThat(out).hasSize(400);
        for (int lane = 0; lane < 4; lane++) {
            int l = lane;
            List<Long> positions =
                    out.stream().filter(s -> s.lane() == l).map(Sample::lanePosition).toList();
            assertThat(positions).as("lane %d takes turns too", lane).isNotEmpty();
            for (int i = 0; i < positions.size(); i++) {
                assertThat(positions.get(i)).isEqualTo(i);
            }
        }
    }

    /**
     * With {@code nActive=1} and a rate, a reader holding several lanes hands the turn to another
     * lane exactly where the lane activates a new stream, so its output is whole activations, one
     * stream at a time (seed Option 2), not records of several lanes interleaved. Constant budgets
     * over random rows put every activation boundary at a known lane position.
     */
    @ParameterizedTest
    @EnumSource(
            value = StochasticMode.class,
            names = {"WITH_REPLACEMENT", "SINGLE_ACTIVE"})
    void lanesTakeTurnsOfWholeActivations(StochasticMode mode) throws Exception {
        int budget = 20;
        MuxSource<Sample> source =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(1, (double) budget)
                        .dist(io.github.muxsource.mux.BudgetDistribution.CONSTANT)
                        .mode(mode)
                        .rowOrder(RowOrder.RANDOM)
                        .seed(11)
                        .build();
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes(source, 3));
        List<Sample> out = ReaderDriver.poll(reader, 3000);
        reader.close();

        // The lane position of the last record of every turn but the very last.
        List<List<Long>> turnEnds = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            turnEnds.add(new ArrayList<>());
        }
        for (int i = 0; i + 1 < out.size(); i++) {
            if (out.get(i + 1).lane() != out.get(i).lane()) {
                turnEnds.get(out.get(i).lane()).add(out.get(i).lanePosition());
            }
        }
        for (int l = 0; l < 3; l++) {
            List<Long> expected = new ArrayList<>();
            expected.add(0L); // a lane's first turn is one record: the opening fill activates
            for (long end = budget - 1; expected.size() < turnEnds.get(l).size(); end += budget) {
                expected.add(end);
            }
            assertThat(turnEnds.get(l)).as("turns of lane %d", l).hasSizeGreaterThan(40);
            assertThat(turnEnds.get(l)).as("turns of lane %d", l).isEqualTo(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void aMapperReturningNullFailsNamingTheLaneAndPositionWithoutRestarts() throws Exception {
        MuxSource<String> source =
                MuxSource.<String>builder(
                                view -> view.lanePosition() == 3 ? null : view.dataset(),
                                org.apache.flink.api.common.typeinfo.Types.STRING)
                        .dataset("beta", 1, SourceFixtures.dataset("beta").toString())
                        .lanes(1)
                        .build();
        MuxSourceReader<String> reader =
                (MuxSourceReader<String>)
                        source.createReader(
                                new org.apache.flink.connector.testutils.source.reader
                                        .TestingReaderContext());
        reader.addSplits(lanes(source, 1));
        reader.notifyNoMoreSplits();
        TestingReaderOutput<String> output = new TestingReaderOutput<>();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> {
                            for (int i = 0; i < 100; i++) {
                                if (reader.pollNext(output) == InputStatus.NOTHING_AVAILABLE) {
                                    reader.isAvailable().get();
                                }
                            }
                        })
                .isInstanceOf(org.apache.flink.runtime.execution.SuppressRestartsException.class)
                .rootCause()
                .hasMessageStartingWith("The SampleMapper returned null for lane 0 at position 3 (")
                .hasMessageContaining("beta/part-0")
                .hasMessageContaining("filter()");
        reader.close();
        assertThat(output.getEmittedRecords()).hasSize(3);
    }
}

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

    private static List<LaneSplit> lanes(MuxSource<Sample> source, int count) throws Exception {
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
                        .stochastic(3)
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
        for (int lane = 0; lane < 4; lane++) {
            int l = lane;
            List<Long> positions =
                    out.stream().filter(s -> s.lane() == l).map(Sample::lanePosition).toList();
            assertThat(positions).hasSize(100);
            for (int i = 0; i < positions.size(); i++) {
                assertThat(positions.get(i)).isEqualTo(i);
            }
        }
    }
}

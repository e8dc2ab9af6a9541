package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.WeightSchedule;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LiveWeightsEvent;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Weight schedules and live weights in a reader: the change happens at the lane position it names,
 * moves the shares there, and a reader restored from any snapshot continues exactly.
 */
class WeightChangesTest {
    private static final int LANES = 2;

    /**
     * Budget-1 draws with replacement: every record is an independent draw of a dataset with
     * probability weight / Σ weights, so a dataset's count in a block is binomial and 4σ bounds it.
     */
    private static MuxSourceBuilder<Sample> independentDraws() {
        return SourceFixtures.builder(1, 1, 1)
                .stochastic(1, 1.0)
                .dist(BudgetDistribution.CONSTANT)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .seed(3);
    }

    private static List<LaneSplit> lanes(MuxSource<?> source) throws Exception {
        return LanePlanner.plan(
                source.config(), new ShardDiscovery(source.config()).discover(), LANES);
    }

    private static Map<Integer, List<Sample>> perLane(List<Sample> samples) {
        return samples.stream().collect(Collectors.groupingBy(Sample::lane));
    }

    /** Asserts gamma's share of {@code block} is {@code p} within 4σ of a binomial count. */
    private static void assertGammaShare(List<Sample> block, double p) {
        long gamma = block.stream().filter(s -> s.datasetIndex() == 2).count();
        double sigma = Math.sqrt(block.size() * p * (1 - p));
        assertThat(Math.abs(gamma - block.size() * p))
                .as("gamma %d of %d, expected share %s", gamma, block.size(), p)
                .isLessThan(4 * sigma);
    }

    @Test
    void aScheduleStepMovesEveryLanesSharesAtItsLanePositionAndRestoresExactly() throws Exception {
        // 12,000 records of the source = 6,000 per lane (two lanes that never end: equal quotas).
        MuxSource<Sample> scheduled =
                independentDraws()
                        .weightSchedule(WeightSchedule.none().at(12_000, Map.of("gamma", 8.0)))
                        .build();
        MuxSource<Sample> plain = independentDraws().build();
        int total = 24_000;
        MuxSourceReader<Sample> reader = ReaderDriver.reader(scheduled, lanes(scheduled));
        List<Sample> reference = ReaderDriver.poll(reader, total);
        reader.close();
        MuxSourceReader<Sample> unchanged = ReaderDriver.reader(plain, lanes(plain));
        Map<Integer, List<Sample>> before = perLane(ReaderDriver.poll(unchanged, total));
        unchanged.close();

        perLane(reference)
                .forEach(
                        (lane, samples) -> {
                            assertThat(samples).hasSize(total / LANES);
                            // Up to the step, the run is the unscheduled one; then it is not.
                            assertThat(samples.subList(0, 6000))
                                    .isEqualTo(before.get(lane).subList(0, 6000));
                            assertThat(samples.subList(6000, 6100))
                                    .isNotEqualTo(before.get(lane).subList(6000, 6100));
                            // Shares: 1/3 in the 3,000 records before the step, 8/10 just after.
                            assertGammaShare(samples.subList(3000, 6000), 1.0 / 3);
                            assertGammaShare(samples.subList(6000, 9000), 0.8);
                        });

        // Restored mid-schedule (before, at and after the step), the run continues exactly.
        List<Sample> resumed = new ArrayList<>();
        List<LaneSplit> state = lanes(scheduled);
        for (int cut : new int[] {5000, 11_999, 12_000, 12_001, 15_000}) {
            MuxSourceReader<Sample> r = ReaderDriver.reader(scheduled, state);
            resumed.addAll(ReaderDriver.poll(r, cut - resumed.size()));
            state = r.snapshotState(cut);
            r.close();
        }
        MuxSourceReader<Sample> last = ReaderDriver.reader(scheduled, state);
        resumed.addAll(ReaderDriver.poll(last, total - resumed.size()));
        last.close();
        assertThat(resumed).containsExactlyElementsOf(reference);
    }

    @Test
    void liveWeightsApplyAtTheNextCheckpointHoldUntilItCompletesAndRestoreExactly()
            throws Exception {
        MuxSource<Sample> source = independentDraws().build();
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes(source));
        MuxSourceReader<Sample> plain = ReaderDriver.reader(source, lanes(source));
        List<Sample> unchanged = ReaderDriver.poll(plain, 20_000);
        plain.close();

        List<Sample> out = new ArrayList<>(ReaderDriver.poll(reader, 4000));
        reader.handleSourceEvents(new LiveWeightsEvent(1, Map.of("gamma", 8.0)));
        // Received, not applied: until a checkpoint records a position, nothing changes.
        out.addAll(ReaderDriver.poll(reader, 2000));
        assertThat(out).isEqualTo(unchanged.subList(0, 6000));

        List<LaneSplit> atChange = reader.snapshotState(7);
        assertThat(atChange)
                .allSatisfy(
                        lane -> {
                            assertThat(lane.emitted()).isEqualTo(3000);
                            assertThat(lane.weights().live()).isEqualTo(Map.of("gamma", 8.0));
                            assertThat(lane.weights().current()).containsEntry("gamma", 8.0);
                        });
        // Nothing drawn with the new weights leaves before checkpoint 7 completes.
        TestingReaderOutput<Sample> held = new TestingReaderOutput<>();
        assertThat(reader.pollNext(held)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        reader.notifyCheckpointComplete(6);
        assertThat(reader.pollNext(held)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(held.getEmittedRecords()).isEmpty();
        reader.notifyCheckpointComplete(7);
        assertThat(reader.isAvailable()).isDone();
        List<Sample> after = ReaderDriver.poll(reader, 12_000);
        reader.close();

        perLane(after).values().forEach(samples -> assertGammaShare(samples, 0.8));
        perLane(out).values().forEach(samples -> assertGammaShare(samples, 1.0 / 3));

        // A reader restored from the checkpoint that recorded the change continues exactly; the
        // same weights sent again (as the enumerator does on registration) change nothing.
        MuxSourceReader<Sample> restored = ReaderDriver.reader(source, atChange);
        restored.handleSourceEvents(new LiveWeightsEvent(1, Map.of("gamma", 8.0)));
        List<Sample> replay = ReaderDriver.poll(restored, 6000);
        restored.snapshotState(8);
        assertThat(restored.pollNext(new TestingReaderOutput<>()))
                .as("no change, so no hold")
                .isEqualTo(InputStatus.MORE_AVAILABLE);
        restored.close();
        assertThat(replay).isEqualTo(after.subList(0, 6000));
    }
}

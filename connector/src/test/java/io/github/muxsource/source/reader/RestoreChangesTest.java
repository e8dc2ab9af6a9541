package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.mux.Activation;
import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.WeightSchedule;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a restored job may change (docs/state.md): each refused setting fails once naming the
 * setting and both values; each allowed change continues from the restored positions.
 */
class RestoreChangesTest {
    private static final int CUT = 700;

    private static MuxSourceBuilder<Sample> base() {
        return SourceFixtures.builder(1, 2, 3)
                .stochastic(2, 4.0)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .rowOrder(RowOrder.RANDOM)
                .seed(9)
                .maxRecords(3000);
    }

    private static List<LaneSplit> stateAfterCut(MuxSource<Sample> source) throws Exception {
        List<LaneSplit> lanes =
                LanePlanner.plan(
                        source.config(), new ShardDiscovery(source.config()).discover(), 2);
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes);
        ReaderDriver.poll(reader, CUT);
        List<LaneSplit> state = reader.snapshotState(1);
        reader.close();
        return state;
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "seed",
                        "10",
                        "9",
                        (UnaryOperator<MuxSourceBuilder<Sample>>) b -> b.seed(10)),
                Arguments.of(
                        "mux",
                        "shuffled",
                        "stochastic",
                        op(
                                b ->
                                        SourceFixtures.builder(1, 2, 3)
                                                .shuffled()
                                                .seed(9)
                                                .maxRecords(3000))),
                Arguments.of("nActive", "3", "2", op(b -> b.stochastic(3, 4.0))),
                Arguments.of("rate", "5.0", "4.0", op(b -> b.stochastic(2, 5.0))),
                Arguments.of(
                        "rowOrder",
                        "SEQUENTIAL",
                        "RANDOM",
                        op(b -> b.rowOrder(RowOrder.SEQUENTIAL))),
                Arguments.of(
                        "mode",
                        "SINGLE_ACTIVE",
                        "WITH_REPLACEMENT",
                        op(b -> b.mode(StochasticMode.SINGLE_ACTIVE))),
                Arguments.of(
                        "activation",
                        "UNIFORM",
                        "WEIGHTED",
                        op(b -> b.activation(Activation.UNIFORM))),
                Arguments.of(
                        "dist", "POISSON", "BINOMIAL", op(b -> b.dist(BudgetDistribution.POISSON))),
                Arguments.of(
                        "pruneEmptyStreams", "false", "true", op(b -> b.pruneEmptyStreams(false))),
                Arguments.of("datasets", "alpha,beta", "alpha,beta,gamma", null));
    }

    private static UnaryOperator<MuxSourceBuilder<Sample>> op(
            UnaryOperator<MuxSourceBuilder<Sample>> change) {
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aRefusedChangeFailsOnceNamingTheSettingAndBothValues(
            String setting, String now, String was, UnaryOperator<MuxSourceBuilder<Sample>> change)
            throws Exception {
        List<LaneSplit> state = stateAfterCut(base().build());
        MuxSource<Sample> changed;
        if (change == null) { // removing a dataset
            changed =
                    MuxSource.builder()
                            .dataset("alpha", 1, SourceFixtures.dataset("alpha").toString())
                            .dataset("beta", 2, SourceFixtures.dataset("beta").toString())
                            .stochastic(2, 4.0)
                            .mode(StochasticMode.WITH_REPLACEMENT)
                            .seed(9)
                            .maxRecords(3000)
                            .build();
        } else {
            changed = change.apply(base()).build();
        }
        assertThatThrownBy(() -> ReaderDriver.reader(changed, state))
                .isInstanceOf(SuppressRestartsException.class)
                .rootCause()
                .hasMessageContaining("restored with " + setting + "=" + now)
                .hasMessageContaining("made with " + setting + "=" + was);
    }

    /** The records the reader of {@code restored} emits after the cut, to the end. */
    private static List<Sample> continuation(MuxSource<Sample> original, MuxSource<Sample> restored)
            throws Exception {
        MuxSourceReader<Sample> reader = ReaderDriver.reader(restored, stateAfterCut(original));
        List<Sample> out = ReaderDriver.poll(reader, 100_000);
        reader.close();
        return out;
    }

    /** Each lane's records, in lane order. */
    private static Map<Integer, List<Sample>> perLane(List<Sample> samples) {
        return samples.stream().collect(Collectors.groupingBy(Sample::lane));
    }

    /** Asserts each lane of {@code shorter} is a prefix of the same lane of {@code longer}. */
    private static void assertPrefixPerLane(List<Sample> shorter, List<Sample> longer) {
        Map<Integer, List<Sample>> full = perLane(longer);
        perLane(shorter)
                .forEach(
                        (lane, samples) ->
                                assertThat(samples)
                                        .isEqualTo(full.get(lane).subList(0, samples.size())));
    }

    @Test
    void maxRecordsMayChangeAndTheJobEndsAfterExactlyTheNewCount() throws Exception {
        MuxSource<Sample> original = base().build();
        List<Sample> longer = continuation(original, base().maxRecords(5000).build());
        assertThat(longer).hasSize(5000 - CUT);
        List<Sample> unchanged = continuation(original, original);
        assertThat(unchanged).hasSize(3000 - CUT);
        assertPrefixPerLane(unchanged, longer);
        List<Sample> shorter = continuation(original, base().maxRecords(1000).build());
        assertThat(shorter).hasSize(1000 - CUT);
        assertPrefixPerLane(shorter, longer);
        // Unbounded to bounded: each lane counts on from its restored position.
        MuxSource<Sample> unbounded =
                SourceFixtures.builder(1, 2, 3)
                        .stochastic(2, 4.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .rowOrder(RowOrder.RANDOM)
                        .seed(9)
                        .build();
        List<Sample> bounded = continuation(unbounded, base().build());
        assertThat(bounded).hasSize(3000 - CUT);
        assertPrefixPerLane(bounded, longer);
        // Bounded to unbounded: the lanes run on past their old shares.
        List<Sample> endless = continuation(original, unbounded);
        assertThat(endless).hasSize(100_000);
        assertPrefixPerLane(longer, endless);
    }

    /**
     * A row a lane drew while its shard was still opening is in its state (its pending row). A
     * restore that lowers {@code maxRecords} to below that row's position ends the lane without
     * emitting it, as it ends a lane that drew its new share.
     */
    @Test
    void aPendingRowPastALoweredMaxRecordsIsNotEmitted(@TempDir Path spill) throws Exception {
        MuxSource<Sample> original = base().lookaheadRecords(0).build(); // shards open on demand
        MuxSourceReader<Sample> reader = ReaderDriver.reader(original, plan(original));
        TestingReaderOutput<Sample> output = new TestingReaderOutput<>();
        LaneSplit waiting = null;
        List<LaneSplit> state = null;
        while (waiting == null && reader.pollNext(output) != InputStatus.END_OF_INPUT) {
            state = reader.snapshotState(1);
            waiting =
                    state.stream()
                            .filter(l -> l.pendingSlice() != LaneSplit.NO_PENDING)
                            .filter(l -> l.emitted() >= 1)
                            .findFirst()
                            .orElse(null);
            if (waiting == null) {
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
        }
        reader.close();
        assertThat(waiting).as("a lane waiting for a shard past its first row").isNotNull();

        // maxRecords 2 over two lanes: each lane's share is one row, which the waiting lane drew.
        MuxSource<Sample> lowered = base().maxRecords(2).build();
        List<Sample> rows = ReaderDriver.run(lowered, state, 10);
        int lane = waiting.lane();
        assertThat(rows).noneMatch(r -> r.lane() == lane);
        assertThat(rows).allMatch(r -> r.lanePosition() < 1);

        // The dropped row keeps its lane position, as a dropped row does: the lane, taken as it
        // ends, continues after it when a later restore raises maxRecords again.
        MuxConfig config = lowered.config();
        LaneRunner<Sample> ending =
                ReaderDriver.lane(
                        config,
                        waiting,
                        TestShardPools.anyOrder(config.readerLimits(), config.fields(), spill));
        assertThat(ending.step(new TestingReaderOutput<>())).isEqualTo(LaneRunner.Step.ENDED);
        LaneSplit ended = ending.snapshot();
        ending.releaseAll();
        assertThat(ended.pendingSlice()).isEqualTo(LaneSplit.NO_PENDING);
        assertThat(ended.emitted()).isEqualTo(waiting.emitted() + 1);
        Sample next = ReaderDriver.run(original, List.of(ended), 1).get(0);
        Sample expected =
                ReaderDriver.run(original, plan(original), 3000).stream()
                        .filter(r -> r.lane() == lane && r.lanePosition() == ended.emitted())
                        .findFirst()
                        .orElseThrow();
        assertThat(next).isEqualTo(expected);
    }

    private static List<LaneSplit> plan(MuxSource<Sample> source) throws Exception {
        return LanePlanner.plan(source.config(), new ShardDiscovery(source.config()).discover(), 2);
    }

    @Test
    void weightsAndSchedulesMayChangeAndTakeEffectFromTheRestoredPositions() throws Exception {
        MuxSource<Sample> original = base().build();
        List<Sample> same = continuation(original, original);
        List<Sample> reweighted =
                continuation(
                        original,
                        SourceFixtures.builder(1, 2, 30)
                                .stochastic(2, 4.0)
                                .mode(StochasticMode.WITH_REPLACEMENT)
                                .seed(9)
                                .maxRecords(3000)
                                .build());
        List<Sample> scheduled =
                continuation(
                        original,
                        base().weightSchedule(WeightSchedule.none().at(0, Map.of("gamma", 30.0)))
                                .build());
        assertThat(reweighted).hasSameSizeAs(same).isNotEqualTo(same);
        // A schedule whose only step lies before the restored position gives the same weights.
        assertThat(scheduled).isEqualTo(reweighted);
        long gamma = reweighted.stream().filter(s -> s.datasetIndex() == 2).count();
        long gammaBefore = same.stream().filter(s -> s.datasetIndex() == 2).count();
        assertThat(gamma).isGreaterThan(gammaBefore);
    }

    @Test
    void aDatasetAddedWithoutMonitoringIsRefusedSayingWhy() throws Exception {
        List<LaneSplit> state = stateAfterCut(base().build());
        MuxSource<Sample> added =
                base().dataset("delta", 5, SourceFixtures.dataset("alpha").toString()).build();
        assertThatThrownBy(() -> ReaderDriver.reader(added, state))
                .isInstanceOf(SuppressRestartsException.class)
                .rootCause()
                .hasMessageContaining("restored with datasets=alpha,beta,gamma,delta")
                .hasMessageContaining("never be read")
                .hasMessageContaining("monitorContinuously");
    }

    @Test
    void aDatasetMayBeAddedToAMonitoredSourceAndTheRestoredLanesContinueExactly() throws Exception {
        MuxSource<Sample> original = base().monitorContinuously(Duration.ofHours(1)).build();
        MuxSource<Sample> added =
                base().monitorContinuously(Duration.ofHours(1))
                        .dataset("delta", 5, SourceFixtures.dataset("alpha").toString())
                        .build();
        // Until discovery deals delta's shards (ShardMonitorTest), the lanes go on as they were.
        List<Sample> continued = continuation(original, added);
        assertThat(continued).isEqualTo(continuation(original, original));
        assertThat(new ArrayList<>(continued)).hasSize(3000 - CUT);
    }

    @Test
    void aLaneRestoredBeforeItFirstRanTakesWeightsChangedAtTheRestore() throws Exception {
        MuxSource<Sample> original = base().build();
        MuxSource<Sample> reweighted =
                SourceFixtures.builder(1, 2, 30)
                        .stochastic(2, 4.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .seed(9)
                        .maxRecords(3000)
                        .build();
        // Lanes as the enumerator's checkpoint holds them before any reader took them.
        List<LaneSplit> fresh =
                LanePlanner.plan(
                        original.config(), new ShardDiscovery(original.config()).discover(), 2);
        long gammaAsPlanned = gamma(ReaderDriver.reader(original, fresh));
        long gammaReweighted = gamma(ReaderDriver.reader(reweighted, fresh));
        // gamma's share goes from 3/6 to 30/33 of the draws: far apart for 3,000 records.
        assertThat(gammaAsPlanned).isBetween(1200L, 1800L);
        assertThat(gammaReweighted).isGreaterThan(2500L);
    }

    private static long gamma(MuxSourceReader<Sample> reader) throws Exception {
        List<Sample> out = ReaderDriver.poll(reader, 100_000);
        reader.close();
        assertThat(out).hasSize(3000);
        return out.stream().filter(s -> s.datasetIndex() == 2).count();
    }
}

package io.github.muxsource.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A weight change is an event at an item position: it moves the shares from that item on, the same
 * change at the same position gives the same items, and a run restored into a mux built with the
 * new weights continues exactly.
 */
class ReweightTest {
    private static final double[] BEFORE = {1, 1, 1};
    private static final double[] AFTER = {1, 1, 6};

    /** Budget-1 draws with replacement: every item is an independent draw of a stream by weight. */
    private static Streamer<String> stochastic(double[] weights) {
        return StochasticMux.builder(Items.Endless.of(3))
                .nActive(1)
                .rate(1.0)
                .dist(BudgetDistribution.CONSTANT)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .weights(weights)
                .build();
    }

    private static Streamer<String> shuffled(double[] weights) {
        return new ShuffledMux<>(Items.Endless.of(3), weights);
    }

    /** {@code n} items, with the weights changed to {@link #AFTER} before item {@code at}. */
    private static List<String> run(Streamer<String> mux, int at, int n) {
        Cursor<String> cursor = mux.open(5);
        List<String> out = new ArrayList<>(Items.take(cursor, at));
        ((Reweightable) cursor).reweight(AFTER);
        out.addAll(Items.take(cursor, n - at));
        return out;
    }

    private static Function<double[], Streamer<String>> mux(String kind) {
        return kind.equals("stochastic") ? ReweightTest::stochastic : ReweightTest::shuffled;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stochastic", "shuffled"})
    void sharesMoveAtTheNamedItemAndTheSameChangeReplays(String kind) {
        int at = 20_000;
        int n = 40_000;
        List<String> out = run(mux(kind).apply(BEFORE), at, n);
        // Independent draws: stream 2's count is binomial; 4σ bounds it.
        assertShare(out.subList(0, at), 1.0 / 3);
        assertShare(out.subList(at, n), 6.0 / 8);
        // Before the change the run is the unchanged one; the same change replays exactly.
        assertThat(out.subList(0, at)).isEqualTo(Items.take(mux(kind).apply(BEFORE).open(5), at));
        assertThat(run(mux(kind).apply(BEFORE), at, n)).isEqualTo(out);
        // A change at another position is another run. One item later may give the same items:
        // if that item's draw names the same stream under both weights, it takes the same
        // randomness and the runs meet again; over a few positions one must differ.
        assertThat(
                        java.util.stream.IntStream.rangeClosed(1, 4)
                                .mapToObj(later -> run(mux(kind).apply(BEFORE), at + later, n)))
                .anyMatch(other -> !other.equals(out));
    }

    private static void assertShare(List<String> items, double p) {
        long hits = items.stream().filter(s -> Items.streamOf(s) == 2).count();
        double sigma = Math.sqrt(items.size() * p * (1 - p));
        assertThat(Math.abs(hits - items.size() * p)).isLessThan(4 * sigma);
    }

    @ParameterizedTest
    @EnumSource(StochasticMode.class)
    void aRunRestoredIntoAMuxBuiltWithTheNewWeightsContinuesExactly(StochasticMode mode)
            throws Exception {
        Function<double[], Streamer<String>> build =
                w ->
                        StochasticMux.builder(Items.labelled(6, 50))
                                .nActive(2)
                                .rate(4.5)
                                .mode(mode)
                                .weights(w)
                                .build();
        double[] before = {1, 2, 3, 1, 2, 3};
        double[] after = {4, 1, 1, 0.5, 3, 2};
        assertRestoredIntoReweightedMuxContinues(build, build.apply(before).open(9), after);
    }

    /**
     * Runs {@code cursor} 37 items, reweights it to {@code after}, runs 11 more and snapshots it;
     * the state restored into the mux {@code build} makes with {@code after} gives the next 200
     * items exactly.
     */
    private static void assertRestoredIntoReweightedMuxContinues(
            Function<double[], Streamer<String>> build, Cursor<String> cursor, double[] after)
            throws Exception {
        Items.take(cursor, 37);
        ((Reweightable) cursor).reweight(after);
        Items.take(cursor, 11);
        byte[] state = MuxSnapshots.write(cursor);
        List<String> expected = Items.take(cursor, 200);
        Cursor<String> restored = MuxSnapshots.read(build.apply(after), state);
        assertThat(Items.take(restored, 200)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {MuxSnapshots.VERSION_2, MuxSnapshots.VERSION_3})
    void aShuffledRunRestoredIntoAMuxBuiltWithTheNewWeightsContinuesExactly(int version)
            throws Exception {
        // Weights whose ratios are not dyadic, so rounding to integers would show.
        Function<double[], Streamer<String>> build =
                w -> new ShuffledMux<>(Items.labelled(6, 50), w);
        double[] before = {1, 2, 3, 1, 2, 3};
        double[] after = {4, 1, 1, 0.3, 3, 7};
        assertRestoredIntoReweightedMuxContinues(
                build, build.apply(before).open(9, version), after);
    }

    @Test
    void aZeroWeightStreamLeavesItsSlotAtOnceAndFreeSlotsRefillWhenWeightsReturn() {
        // Single-active, two slots, no rate: without the change both streams stay forever.
        Cursor<String> cursor =
                StochasticMux.builder(Items.Endless.of(2)).nActive(2).build().open(3);
        assertThat(Items.take(cursor, 200).stream().map(Items::streamOf).distinct())
                .containsExactlyInAnyOrder(0, 1);
        ((Reweightable) cursor).reweight(new double[] {1, 0});
        assertThat(Items.take(cursor, 200).stream().map(Items::streamOf).distinct())
                .containsExactly(0);
        ((Reweightable) cursor).reweight(new double[] {1, 1});
        assertThat(Items.take(cursor, 200).stream().map(Items::streamOf).distinct())
                .containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void anActiveStreamFinishesItsBudgetUnderTheNewWeights() {
        // One slot, constant budget 50; the active stream's weight drops to almost nothing, yet it
        // keeps its slot for the rest of its budget, and the next activation follows the change.
        Cursor<String> cursor =
                StochasticMux.builder(Items.Endless.of(2))
                        .nActive(1)
                        .rate(50.0)
                        .dist(BudgetDistribution.CONSTANT)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .weights(1, 1)
                        .build()
                        .open(1);
        List<String> first = Items.take(cursor, 10);
        int stream = Items.streamOf(first.get(0));
        ((Reweightable) cursor)
                .reweight(stream == 0 ? new double[] {1e-9, 1} : new double[] {1, 1e-9});
        assertThat(Items.take(cursor, 40)).allMatch(s -> Items.streamOf(s) == stream);
        assertThat(Items.take(cursor, 50)).allMatch(s -> Items.streamOf(s) == 1 - stream);
    }

    @Test
    void weightsTheBuilderWouldRefuseAreRefused() {
        Cursor<String> cursor = stochastic(BEFORE).open(1);
        assertThatThrownBy(() -> ((Reweightable) cursor).reweight(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one entry per stream");
        assertThatThrownBy(() -> ((Reweightable) cursor).reweight(new double[] {0, 0, 0}))
                .hasMessageContaining("must not all be zero");
        Cursor<String> bounded = new MaxRecords<>(stochastic(BEFORE), 10).open(1);
        ((Reweightable) bounded).reweight(AFTER);
        assertThat(Items.take(bounded, 100)).hasSize(10);
    }
}

package io.github.muxsource.mux;

import static io.github.muxsource.mux.Items.chars;
import static io.github.muxsource.mux.Items.labelled;
import static io.github.muxsource.mux.Items.streamOf;
import static io.github.muxsource.mux.Items.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lengths, modes and validation of {@link StochasticMux}. */
class StochasticMuxTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void exhaustiveWithoutRateYieldsEveryItemExactlyOnce(Activation activation) {
        StochasticMux<String> mux =
                StochasticMux.builder(labelled(7, 13))
                        .nActive(3)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .activation(activation)
                        .build();
        List<String> out = take(mux.open(11), 10_000);
        assertThat(out).hasSize(7 * 13).doesNotHaveDuplicates();
        Set<String> expected = new HashSet<>();
        labelled(7, 13).forEach(s -> expected.addAll(take(s.open(0), 100)));
        assertThat(new HashSet<>(out)).isEqualTo(expected);
    }

    @Test
    void exhaustiveWithRateYieldsAtMostRatePerStreamAndNeverRevisits() {
        StochasticMux<String> mux =
                StochasticMux.builder(labelled(6, 50))
                        .nActive(2)
                        .rate(5.0)
                        .dist(BudgetDistribution.CONSTANT)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .build();
        List<String> out = take(mux.open(3), 10_000);
        Map<Integer, List<String>> byStream = new HashMap<>();
        out.forEach(i -> byStream.computeIfAbsent(streamOf(i), k -> new ArrayList<>()).add(i));
        assertThat(byStream).hasSize(6);
        // Each stream activated once: its items are exactly its first five, in order.
        byStream.forEach(
                (s, items) ->
                        assertThat(items)
                                .containsExactlyElementsOf(
                                        List.of(s + ":0", s + ":1", s + ":2", s + ":3", s + ":4")));
        assertThat(out).hasSize(30);
    }

    @Test
    void singleActiveNeverHoldsAStreamTwiceAndKeepsGoingPastStreamEnds() {
        // A stream held by two slots at once would interleave two of its iterations, so its items
        // would not come in order 0, 1, ..., 4, 0, 1, ...; held by one slot at a time, they do.
        StochasticMux<String> mux =
                StochasticMux.builder(labelled(3, 5))
                        .nActive(2)
                        .mode(StochasticMode.SINGLE_ACTIVE)
                        .build();
        List<String> out = take(mux.open(5), 3000);
        assertThat(out).hasSize(3000);
        int[] next = new int[3];
        for (String item : out) {
            int s = streamOf(item);
            assertThat(item).isEqualTo(s + ":" + next[s]);
            next[s] = (next[s] + 1) % 5;
        }
    }

    @Test
    void withReplacementOverTwoOneItemStreamsYieldsExactlyWhatIsAsked() {
        StochasticMux<String> mux =
                StochasticMux.builder(chars("a", "b"))
                        .nActive(6)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .build();
        List<String> out = take(mux.open(9), 25);
        assertThat(out).hasSize(25).containsOnly("a", "b");
    }

    @Test
    void seedOptionOneSetupKeepsEveryStreamActiveInDefaultMode() {
        // The seed's Option 1 (n_active = 3 = streams, rate = None), MuxSource's defaults.
        StochasticMux<String> mux =
                StochasticMux.builder(
                                List.of(
                                        new Items.Endless(0),
                                        new Items.Endless(1),
                                        new Items.Endless(2)))
                        .nActive(3)
                        .build();
        for (long seed = 0; seed < 20; seed++) {
            Set<Integer> seen = new HashSet<>();
            take(mux.open(seed), 300).forEach(i -> seen.add(streamOf(i)));
            assertThat(seen).as("seed %d", seed).containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    @Test
    void allEmptyStreamsEndTheMuxInsteadOfSpinning() {
        for (StochasticMode mode : StochasticMode.values()) {
            for (boolean prune : new boolean[] {true, false}) {
                StochasticMux<String> mux =
                        StochasticMux.builder(chars("", "", ""))
                                .nActive(2)
                                .mode(mode)
                                .pruneEmptyStreams(prune)
                                .rate(3.0)
                                .build();
                assertThat(take(mux.open(1), 10)).as("%s prune=%s", mode, prune).isEmpty();
            }
        }
    }

    @Test
    void zeroWeightStreamNeverOccupiesASlot() {
        StochasticMux<String> mux =
                StochasticMux.builder(chars("zzzz", "a", "b"))
                        .weights(0, 1, 1)
                        .nActive(2)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .rate(2.0)
                        .build();
        assertThat(take(mux.open(4), 500)).hasSize(500).doesNotContain("z");
    }

    @Test
    void integerLikeWeightsAreAccepted() {
        StochasticMux<String> mux = StochasticMux.builder(chars("a", "b")).weights(1, 3).build();
        assertThat(take(mux.open(1), 2)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void badParametersAreRefusedWithTheParameterAndValue() {
        var b = StochasticMux.builder(chars("a", "b", "c"));
        assertThatThrownBy(() -> b.nActive(0)).hasMessage("nActive must be >= 1, got 0");
        assertThatThrownBy(() -> b.rate(0.5)).hasMessage("rate must be >= 1 (or none), got 0.5");
        assertThatThrownBy(() -> b.rate(Double.NaN))
                .hasMessage("rate must be >= 1 (or none), got NaN");
        assertThatThrownBy(() -> b.weights(1, -1, 1).build())
                .hasMessage("weights must be finite and >= 0, got weights[1]=-1.0");
        assertThatThrownBy(() -> b.weights(1, Double.NaN, 1).build())
                .hasMessage("weights must be finite and >= 0, got weights[1]=NaN");
        assertThatThrownBy(() -> b.weights(0, 0, 0).build())
                .hasMessage("weights must not all be zero");
        assertThatThrownBy(() -> b.weights(1, 1).build())
                .hasMessage("weights must have one entry per stream: got 2 weights for 3 streams");
        assertThatThrownBy(
                        () ->
                                StochasticMux.builder(chars("a", "b", "c"))
                                        .nActive(5)
                                        .mode(StochasticMode.EXHAUSTIVE)
                                        .build())
                .hasMessage(
                        "mode=EXHAUSTIVE requires nActive=5 to be at most the number of streams with a positive weight=3");
        assertThatThrownBy(
                        () ->
                                StochasticMux.builder(chars("a", "b", "c"))
                                        .weights(1, 0, 1)
                                        .nActive(3)
                                        .build())
                .hasMessage(
                        "mode=SINGLE_ACTIVE requires nActive=3 to be at most the number of streams with a positive weight=2");
    }
}

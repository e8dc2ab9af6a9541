package io.github.muxsource.mux;

import static io.github.muxsource.mux.Items.chars;
import static io.github.muxsource.mux.Items.joined;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The exact sequences Pescador 3.0.0 gives for its round-robin and chain muxes. */
class RoundRobinAndChainMuxTest {

    @Test
    void roundRobinExhaustiveRotatesAndSkipsEndedStreams() {
        assertThat(
                        joined(
                                new RoundRobinMux<>(
                                                chars("ab", "cde", "fghi"),
                                                RoundRobinMode.EXHAUSTIVE)
                                        .open(1),
                                100))
                .isEqualTo("acfbdgehi");
        assertThat(
                        joined(
                                new RoundRobinMux<>(
                                                chars("aa", "", "bb", "", "", "", "cccc"),
                                                RoundRobinMode.EXHAUSTIVE)
                                        .open(1),
                                100))
                .isEqualTo("abcabccc");
    }

    @Test
    void roundRobinCycleRestartsOnceAllHaveEnded() {
        assertThat(joined(new RoundRobinMux<>(chars("a", "bb"), RoundRobinMode.CYCLE).open(1), 7))
                .isEqualTo("abbabba");
    }

    @Test
    void permutedCycleVisitsEveryItemOncePerPass() {
        String out =
                joined(
                        new RoundRobinMux<>(
                                        chars("a", "bb", "", "c"), RoundRobinMode.PERMUTED_CYCLE)
                                .open(7),
                        12);
        assertThat(out).hasSize(12);
        assertThat(out.chars().filter(c -> c == 'a').count()).isEqualTo(3);
        assertThat(out.chars().filter(c -> c == 'b').count()).isEqualTo(6);
        assertThat(out.chars().filter(c -> c == 'c').count()).isEqualTo(3);
        // Each pass of four items holds a, b, b, c in some order.
        for (int pass = 0; pass < 3; pass++) {
            assertThat(out.substring(4 * pass, 4 * pass + 4).chars().sorted().toArray())
                    .containsExactly('a', 'b', 'b', 'c');
        }
    }

    @Test
    void permutedCycleOrdersDifferAcrossPasses() {
        String out =
                joined(
                        new RoundRobinMux<>(
                                        chars("a", "b", "c", "d", "e"),
                                        RoundRobinMode.PERMUTED_CYCLE)
                                .open(3),
                        50);
        long distinctPasses =
                java.util.stream.IntStream.range(0, 10)
                        .mapToObj(p -> out.substring(5 * p, 5 * p + 5))
                        .distinct()
                        .count();
        assertThat(distinctPasses).isGreaterThan(1);
    }

    @Test
    void cyclesOverOnlyEmptyStreamsEndInsteadOfSpinning() {
        assertThat(joined(new RoundRobinMux<>(chars("", ""), RoundRobinMode.CYCLE).open(1), 5))
                .isEmpty();
        assertThat(joined(new ChainMux<>(chars("", ""), ChainMode.CYCLE).open(1), 5)).isEmpty();
    }

    @Test
    void chainRunsStreamsOneAfterAnother() {
        assertThat(joined(new ChainMux<>(chars("abc", "def"), ChainMode.EXHAUSTIVE).open(1), 100))
                .isEqualTo("abcdef");
        assertThat(joined(new ChainMux<>(chars("abc", "def"), ChainMode.CYCLE).open(1), 12))
                .isEqualTo("abcdefabcdef");
    }

    @Test
    void chainOfNothingIsEmpty() {
        assertThat(joined(new ChainMux<String>(List.of(), ChainMode.EXHAUSTIVE).open(1), 5))
                .isEmpty();
        assertThat(joined(new ChainMux<String>(List.of(), ChainMode.CYCLE).open(1), 5)).isEmpty();
    }

    @Test
    void maxRecordsBoundsAnyMuxAndBatchesStackItems() {
        Streamer<String> cycle = new ChainMux<>(chars("abc"), ChainMode.CYCLE);
        assertThat(joined(new MaxRecords<>(cycle, 7).open(1), 100)).isEqualTo("abcabca");
        Batched<String, String> full =
                new Batched<>(new MaxRecords<>(cycle, 7), 3, false, l -> String.join("", l) + "|");
        assertThat(joined(full.open(1), 100)).isEqualTo("abc|abc|");
        Batched<String, String> partial =
                new Batched<>(new MaxRecords<>(cycle, 7), 3, true, l -> String.join("", l) + "|");
        assertThat(joined(partial.open(1), 100)).isEqualTo("abc|abc|a|");
    }
}

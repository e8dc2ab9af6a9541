package io.github.muxsource.mux;

import static io.github.muxsource.mux.Items.chars;
import static io.github.muxsource.mux.Items.labelled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/** Streams added to a running mux: delivered once, and the grown run restores exactly. */
class GrowingMuxTest {
    private static final int STREAMS = 12;
    private static final int LENGTH = 9;

    /** Muxes that read each stream once, built over the first n of STREAMS labelled streams. */
    static Stream<Arguments> exhaustiveMuxes() {
        List<Arguments> cases = new ArrayList<>();
        for (Double rate : new Double[] {null, 3.0}) {
            for (int nActive : new int[] {1, 2}) {
                cases.add(
                        Arguments.of(
                                "stochastic EXHAUSTIVE nActive=" + nActive + " rate=" + rate,
                                (IntFunction<GrowableStreamer<String>>)
                                        n ->
                                                StochasticMux.builder(streams(n))
                                                        .nActive(nActive)
                                                        .rate(rate)
                                                        .mode(StochasticMode.EXHAUSTIVE)
                                                        .build(),
                                rate == null));
            }
        }
        cases.add(
                Arguments.of(
                        "round-robin EXHAUSTIVE",
                        (IntFunction<GrowableStreamer<String>>)
                                n -> new RoundRobinMux<>(streams(n), RoundRobinMode.EXHAUSTIVE),
                        true));
        cases.add(
                Arguments.of(
                        "chain EXHAUSTIVE",
                        (IntFunction<GrowableStreamer<String>>)
                                n -> new ChainMux<>(streams(n), ChainMode.EXHAUSTIVE),
                        true));
        return cases.stream();
    }

    private static List<ListStreamer<String>> streams(int n) {
        return labelled(STREAMS, LENGTH).subList(0, n);
    }

    /** The run of {@code cursor} continued in the mux rebuilt over more streams. */
    private static Cursor<String> grow(Cursor<String> cursor, Streamer<String> bigger)
            throws IOException {
        return MuxSnapshots.read(bigger, MuxSnapshots.write(cursor));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exhaustiveMuxes")
    void everyItemOfEveryAddedStreamComesExactlyOnce(
            String name, IntFunction<GrowableStreamer<String>> over, boolean readsEveryItem)
            throws IOException {
        Rng rng = Rng.seeded(name.hashCode());
        for (int trial = 0; trial < 20; trial++) {
            int streams = 2;
            Cursor<String> cursor = new GrowingMux<>(over.apply(streams)).open(trial);
            List<String> seen = new ArrayList<>();
            List<Integer> activated = new ArrayList<>();
            while (streams < STREAMS) {
                // Grow mid-run or only after the run ran dry: both must continue.
                int take = rng.nextInt(2) == 0 ? rng.nextInt(LENGTH * 2) : Integer.MAX_VALUE;
                seen.addAll(Items.take(cursor, take));
                streams = Math.min(STREAMS, streams + 1 + rng.nextInt(3));
                cursor = grow(cursor, new GrowingMux<>(over.apply(streams)));
            }
            seen.addAll(Items.take(cursor, Integer.MAX_VALUE));
            assertThat(seen).as("%s trial %d: no item twice", name, trial).doesNotHaveDuplicates();
            seen.forEach(item -> activated.add(Items.streamOf(item)));
            assertThat(activated)
                    .as(
                            "%s trial %d: every stream, also those added after the run ended",
                            name, trial)
                    .containsAll(range(STREAMS));
            if (readsEveryItem) {
                assertThat(seen).as(name).hasSize(STREAMS * LENGTH);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exhaustiveMuxes")
    void aGrownRunRestoresExactlyAndSoDoesAStateWrittenBeforeTheGrowth(
            String name, IntFunction<GrowableStreamer<String>> over, boolean readsEveryItem)
            throws IOException {
        Cursor<String> small = new GrowingMux<>(over.apply(4)).open(7);
        List<String> head = Items.take(small, 11);
        byte[] beforeGrowth = MuxSnapshots.write(small);
        Cursor<String> grown = grow(small, new GrowingMux<>(over.apply(9)));
        List<String> afterGrowth = Items.take(grown, 5);
        byte[] grownState = MuxSnapshots.write(grown);
        List<String> rest = Items.take(grown, Integer.MAX_VALUE);

        // A lane restored with more slices than its state was written over grows the same way.
        Cursor<String> restoredSmall =
                MuxSnapshots.read(new GrowingMux<>(over.apply(9)), beforeGrowth);
        List<String> replay = Items.take(restoredSmall, Integer.MAX_VALUE);
        List<String> expected = new ArrayList<>(afterGrowth);
        expected.addAll(rest);
        assertThat(replay).as(name).isEqualTo(expected);

        Cursor<String> restoredGrown =
                MuxSnapshots.read(new GrowingMux<>(over.apply(9)), grownState);
        assertThat(Items.take(restoredGrown, Integer.MAX_VALUE)).as(name).isEqualTo(rest);
        assertThat(head).hasSize(11);
    }

    /**
     * A shuffled mux restarts ended streams, so it never reads each item once; but a grown run
     * restores exactly at every state version, and the added streams are drawn (version 3 plants
     * them in its tree with the pruned flags the state holds).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            ints = {MuxSnapshots.VERSION_2, MuxSnapshots.VERSION_3})
    void aGrownShuffledRunRestoresExactlyAndDrawsTheAddedStreams(int version) throws IOException {
        IntFunction<Streamer<String>> over =
                n -> new GrowingMux<>(new ShuffledMux<>(streams(n), null));
        Cursor<String> small = over.apply(4).open(7, version);
        Items.take(small, 11);
        byte[] beforeGrowth = MuxSnapshots.write(small);
        Cursor<String> grown = MuxSnapshots.read(over.apply(9), beforeGrowth);
        List<String> afterGrowth = Items.take(grown, 30);
        byte[] grownState = MuxSnapshots.write(grown);
        assertThat(java.nio.ByteBuffer.wrap(grownState).getInt()).isEqualTo(version);
        List<String> rest = Items.take(grown, 300);

        List<String> expected = new ArrayList<>(afterGrowth);
        expected.addAll(rest);
        assertThat(Items.take(MuxSnapshots.read(over.apply(9), beforeGrowth), 330))
                .isEqualTo(expected);
        assertThat(Items.take(MuxSnapshots.read(over.apply(9), grownState), 300)).isEqualTo(rest);
        assertThat(rest.stream().map(Items::streamOf).distinct())
                .as("the five added streams are drawn")
                .contains(4, 5, 6, 7, 8);
    }

    @Test
    void aChainThatRanDryContinuesWithTheAddedStreams() throws IOException {
        Cursor<String> run =
                new GrowingMux<>(new ChainMux<>(chars("ab"), ChainMode.EXHAUSTIVE)).open(1);
        assertThat(Items.joined(run, 10)).isEqualTo("ab");
        assertThat(run.next()).isNull();
        Cursor<String> grown =
                grow(
                        run,
                        new GrowingMux<>(new ChainMux<>(chars("ab", "cd"), ChainMode.EXHAUSTIVE)));
        assertThat(Items.joined(grown, 10)).isEqualTo("cd");
    }

    @Test
    void aRoundRobinPassTakesAddedStreamsIntoItsRotation() throws IOException {
        Cursor<String> run =
                new GrowingMux<>(new RoundRobinMux<>(chars("ab", "cde"), RoundRobinMode.EXHAUSTIVE))
                        .open(1);
        assertThat(Items.joined(run, 3)).isEqualTo("acb");
        Cursor<String> grown =
                grow(
                        run,
                        new GrowingMux<>(
                                new RoundRobinMux<>(
                                        chars("ab", "cde", "xy"), RoundRobinMode.EXHAUSTIVE)));
        // Rotation continues at "cde", then reaches the added stream; "ab" has ended.
        assertThat(Items.joined(grown, 10)).isEqualTo("dxey");
    }

    @Test
    void aStateWithMoreStreamsThanTheMuxIsRefused() {
        byte[] state =
                MuxSnapshots.write(
                        new GrowingMux<>(new ChainMux<>(chars("a", "b"), ChainMode.EXHAUSTIVE))
                                .open(1));
        assertThatThrownBy(
                        () ->
                                MuxSnapshots.read(
                                        new GrowingMux<>(
                                                new ChainMux<>(chars("a"), ChainMode.EXHAUSTIVE)),
                                        state))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("written over 2 streams, but the mux has 1");
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}

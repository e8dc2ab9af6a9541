package io.github.muxsource.mux;

import static io.github.muxsource.mux.Items.chars;
import static io.github.muxsource.mux.Items.labelled;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * For every mux and mode: snapshot at many random points, restore into a freshly built mux, and the
 * continuation equals the uninterrupted run item for item.
 */
class MuxRestoreTest {
    private static final int LENGTH = 400;

    static Stream<Arguments> muxes() {
        List<Arguments> cases = new ArrayList<>();
        for (StochasticMode mode : StochasticMode.values()) {
            for (BudgetDistribution dist : BudgetDistribution.values()) {
                for (Activation activation : Activation.values()) {
                    for (Double rate : new Double[] {null, 3.5}) {
                        cases.add(
                                Arguments.of(
                                        "stochastic "
                                                + mode
                                                + " "
                                                + dist
                                                + " "
                                                + activation
                                                + " rate="
                                                + rate,
                                        (Supplier<Streamer<String>>)
                                                () ->
                                                        StochasticMux.builder(mixedStreams())
                                                                .nActive(3)
                                                                .rate(rate)
                                                                .dist(dist)
                                                                .mode(mode)
                                                                .activation(activation)
                                                                .weights(1, 2, 3, 1, 2, 0.5)
                                                                .build()));
                    }
                }
            }
        }
        cases.add(
                Arguments.of(
                        "stochastic keep-empty",
                        (Supplier<Streamer<String>>)
                                () ->
                                        StochasticMux.builder(chars("", "abc", "", "de"))
                                                .nActive(2)
                                                .rate(2.0)
                                                .mode(StochasticMode.WITH_REPLACEMENT)
                                                .pruneEmptyStreams(false)
                                                .build()));
        cases.add(
                Arguments.of(
                        "shuffled",
                        (Supplier<Streamer<String>>)
                                () ->
                                        new ShuffledMux<>(
                                                mixedStreams(), new double[] {3, 1, 1, 2, 2, 1})));
        for (RoundRobinMode mode : RoundRobinMode.values()) {
            cases.add(
                    Arguments.of(
                            "round-robin " + mode,
                            (Supplier<Streamer<String>>)
                                    () ->
                                            new RoundRobinMux<>(
                                                    chars("ab", "", "cdefg", "h", "ijkl"), mode)));
        }
        for (ChainMode mode : ChainMode.values()) {
            cases.add(
                    Arguments.of(
                            "chain " + mode,
                            (Supplier<Streamer<String>>)
                                    () -> new ChainMux<>(labelled(4, 30), mode)));
        }
        cases.add(
                Arguments.of(
                        "nested, bounded and batched",
                        (Supplier<Streamer<String>>)
                                () -> {
                                    Streamer<String> inner1 =
                                            StochasticMux.builder(mixedStreams())
                                                    .nActive(2)
                                                    .rate(5.0)
                                                    .build();
                                    Streamer<String> inner2 =
                                            new RoundRobinMux<>(
                                                    chars("xyz", "uv"),
                                                    RoundRobinMode.PERMUTED_CYCLE);
                                    Streamer<String> top =
                                            new ShuffledMux<>(
                                                    List.of(inner1, inner2), new double[] {2, 1});
                                    return new Batched<>(
                                            new MaxRecords<>(top, 900),
                                            3,
                                            true,
                                            l -> String.join("", l));
                                }));
        return cases.stream();
    }

    /** Finite and endless streams together, so restores cross stream ends and restarts. */
    private static List<Streamer<String>> mixedStreams() {
        List<Streamer<String>> streams = new ArrayList<>(labelled(3, 17));
        streams.addAll(Items.Endless.of(3).stream().map(e -> (Streamer<String>) e).toList());
        return streams;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("muxes")
    void continuationAfterRestoreEqualsTheUninterruptedRun(
            String name, Supplier<Streamer<String>> build) throws Exception {
        // Every state version: a run restored from version 1 keeps version 1's behaviour and
        // writes version 1 again, so it round-trips like a current one.
        for (int version = MuxSnapshots.VERSION_1;
                version <= MuxSnapshots.CURRENT_VERSION;
                version++) {
            List<String> reference = Items.take(build.get().open(31, version), LENGTH);
            assertThat(reference).as(name).isNotEmpty();
            Rng cuts = Rng.seeded(name.hashCode() + version);
            for (int trial = 0; trial < 12; trial++) {
                int cut = cuts.nextInt(reference.size() + 1);
                Cursor<String> cursor = build.get().open(31, version);
                assertThat(Items.take(cursor, cut)).isEqualTo(reference.subList(0, cut));
                byte[] state = MuxSnapshots.write(cursor);
                assertThat(ByteBuffer.wrap(state).getInt()).isEqualTo(version);
                Cursor<String> restored = MuxSnapshots.read(build.get(), state);
                assertThat(Items.take(restored, LENGTH - cut))
                        .as("%s version %d restored after %d items", name, version, cut)
                        .isEqualTo(reference.subList(cut, reference.size()));
            }
        }
    }
}

package io.github.muxsource.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Versions: fresh runs write the current one, old ones keep their draws, unknown ones fail. */
class MuxSnapshotsTest {

    private static StochasticMux<String> mux() {
        return StochasticMux.builder(Items.Endless.of(5))
                .weights(1, 2, 3, 4, 5)
                .nActive(2)
                .rate(4.5)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .build();
    }

    @Test
    void freshRunsBehaveAsAndWriteTheCurrentVersion() {
        Cursor<String> cursor = mux().open(3);
        Items.take(cursor, 10);
        assertThat(ByteBuffer.wrap(MuxSnapshots.write(cursor)).getInt())
                .isEqualTo(MuxSnapshots.CURRENT_VERSION)
                .isEqualTo(MuxSnapshots.VERSION_3);
        assertThat(Items.take(mux().open(3), 200))
                .isEqualTo(Items.take(mux().open(3, MuxSnapshots.VERSION_3), 200));
    }

    @Test
    void versionOneDrawsDifferFromVersionTwoSoTheVersionMatters() {
        // Different pick arithmetic consumes the RNG differently: the sequences part early.
        assertThat(Items.take(mux().open(3, MuxSnapshots.VERSION_1), 200))
                .isNotEqualTo(Items.take(mux().open(3, MuxSnapshots.VERSION_2), 200));
    }

    @Test
    void versionThreeChangesOnlyTheShuffledMuxDraw() {
        // The stochastic mux draws as version 2 did; the shuffled mux draws from a tree instead of
        // a floating-point scan, which consumes the RNG differently.
        assertThat(Items.take(mux().open(3, MuxSnapshots.VERSION_3), 200))
                .isEqualTo(Items.take(mux().open(3, MuxSnapshots.VERSION_2), 200));
        ShuffledMux<String> shuffled =
                new ShuffledMux<>(Items.Endless.of(7), new double[] {1, 2, 3, 4, 5, 6, 7});
        assertThat(Items.take(shuffled.open(3, MuxSnapshots.VERSION_3), 200))
                .isNotEqualTo(Items.take(shuffled.open(3, MuxSnapshots.VERSION_2), 200));
    }

    @Test
    void unknownVersionsAndTrailingBytesAreRefused() throws IOException {
        byte[] state = MuxSnapshots.write(mux().open(1));
        ByteBuffer.wrap(state).putInt(4);
        assertThatThrownBy(() -> MuxSnapshots.read(mux(), state))
                .hasMessage("unknown mux state version 4; this build reads up to 3");
        byte[] good = MuxSnapshots.write(mux().open(1));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> MuxSnapshots.read(mux(), longer))
                .hasMessageContaining("1 trailing bytes");
        assertThatThrownBy(() -> mux().open(1, 0))
                .hasMessage("unknown mux state version 0; this build reads up to 3");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            ints = {MuxSnapshots.VERSION_1, MuxSnapshots.VERSION_2, MuxSnapshots.VERSION_3})
    void nestedStreamsInheritTheVersionOfTheRunThatOpensThem(int version) throws IOException {
        StochasticMux<String> inner = mux();
        ShuffledMux<String> outer = new ShuffledMux<>(List.of(inner, mux()), null);
        Cursor<String> old = outer.open(8, version);
        Items.take(old, 50);
        Cursor<String> restored = MuxSnapshots.read(outer, MuxSnapshots.write(old));
        assertThat(restored.version()).isEqualTo(version);
        assertThat(Items.take(restored, 100)).isEqualTo(Items.take(old, 100));
    }
}

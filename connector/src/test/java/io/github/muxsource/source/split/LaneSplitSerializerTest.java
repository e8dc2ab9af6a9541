package io.github.muxsource.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.source.enumerator.EnumeratorState;
import io.github.muxsource.source.enumerator.EnumeratorStateSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Split and enumerator state: bytes written by released versions stay readable. */
class LaneSplitSerializerTest {

    @Test
    void readsCommittedVersionOneLaneSplit() throws IOException {
        byte[] golden = golden("lane-split-v1.bin");
        LaneSplit split =
                LaneSplitSerializer.INSTANCE.deserialize(LaneSplitSerializer.VERSION_1, golden);
        assertThat(split).isEqualTo(GoldenStates.laneSplit());
        assertThat(split.splitId()).isEqualTo("lane-3");
        // The current version still writes version 1: the same bytes.
        assertThat(LaneSplitSerializer.INSTANCE.getVersion())
                .isEqualTo(LaneSplitSerializer.VERSION_1);
        assertThat(LaneSplitSerializer.INSTANCE.serialize(split)).isEqualTo(golden);
    }

    @Test
    void readsCommittedVersionOneEnumeratorState() throws IOException {
        byte[] golden = golden("enumerator-state-v1.bin");
        EnumeratorState state =
                EnumeratorStateSerializer.INSTANCE.deserialize(
                        EnumeratorStateSerializer.VERSION_1, golden);
        assertThat(state).isEqualTo(GoldenStates.enumeratorState());
        assertThat(state.unassigned().get(1).muxState()).isNull();
        assertThat(EnumeratorStateSerializer.INSTANCE.serialize(state)).isEqualTo(golden);
    }

    @Test
    void unknownVersionsAndTrailingBytesAreRefusedLoudly() throws IOException {
        byte[] golden = golden("lane-split-v1.bin");
        assertThatThrownBy(() -> LaneSplitSerializer.INSTANCE.deserialize(7, golden))
                .hasMessage(
                        "unknown LaneSplit serializer version 7; this build reads versions up to 1");
        byte[] longer = Arrays.copyOf(golden, golden.length + 2);
        assertThatThrownBy(() -> LaneSplitSerializer.INSTANCE.deserialize(1, longer))
                .hasMessage("corrupt LaneSplit: 2 trailing bytes");
        assertThatThrownBy(() -> EnumeratorStateSerializer.INSTANCE.deserialize(9, golden))
                .hasMessageContaining("unknown EnumeratorState serializer version 9");
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in =
                LaneSplitSerializerTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("committed golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}

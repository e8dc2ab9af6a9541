package io.github.muxsource.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.source.enumerator.EnumeratorState;
import io.github.muxsource.source.enumerator.EnumeratorStateSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Split and enumerator state: bytes written by released versions stay readable. */
class LaneSplitSerializerTest {

    @Test
    void readsCommittedVersionOneLaneSplit() throws IOException {
        byte[] golden = golden("lane-split-v1.bin");
        LaneSplit split =
                LaneSplitSerializer.INSTANCE.deserialize(LaneSplitSerializer.VERSION_1, golden);
        assertThat(split).isEqualTo(GoldenStates.laneSplitV1());
        assertThat(split.splitId()).isEqualTo("lane-3");
        // A version-1 lane keeps its plan and takes its share of maxRecords from the config.
        assertThat(split.maxRecords()).isEqualTo(LaneSplit.MAX_RECORDS_FROM_CONFIG);
        assertThat(split.slices().get(0).fileSize()).isEqualTo(ShardSlice.UNCHECKED);
    }

    @Test
    void readsCommittedVersionTwoLaneSplit() throws IOException {
        byte[] golden = golden("lane-split-v2.bin");
        LaneSplit split =
                LaneSplitSerializer.INSTANCE.deserialize(LaneSplitSerializer.VERSION_2, golden);
        assertThat(split).isEqualTo(GoldenStates.laneSplitV2());
        // A version-2 lane: equal quota, no settings (never checked), the configured weights.
        assertThat(split.quota()).isEqualTo(LaneQuota.equal(3, 8));
        assertThat(split.settings()).isEmpty();
        assertThat(split.weights()).isEqualTo(LaneWeights.CONFIGURED);
    }

    @Test
    void readsCommittedVersionThreeLaneSplit() throws IOException {
        byte[] golden = golden("lane-split-v3.bin");
        LaneSplit split =
                LaneSplitSerializer.INSTANCE.deserialize(LaneSplitSerializer.VERSION_3, golden);
        assertThat(split).isEqualTo(GoldenStates.laneSplitV3());
        assertThat(split.weights().current()).containsEntry("alpha", 3.0);
        assertThat(split.settings()).containsEntry("seed", "42");
        assertThat(split.held()).isEmpty();
        // Version 3 is version 2 plus a trailing section: its front reads as version 2.
        byte[] v2 = golden("lane-split-v2.bin");
        assertThat(Arrays.copyOf(golden, v2.length)).isEqualTo(v2);
    }

    @Test
    void readsAndWritesCommittedVersionFourLaneSplit() throws IOException {
        byte[] golden = golden("lane-split-v4.bin");
        assertThat(LaneSplitSerializer.INSTANCE.getVersion())
                .isEqualTo(LaneSplitSerializer.VERSION_4);
        LaneSplit split =
                LaneSplitSerializer.INSTANCE.deserialize(LaneSplitSerializer.VERSION_4, golden);
        assertThat(split).isEqualTo(GoldenStates.laneSplitV4());
        assertThat(split.held()).extracting(HeldRow::index).containsExactly(0, 3);
        assertThat(LaneSplitSerializer.INSTANCE.serialize(split)).isEqualTo(golden);
        // Version 4 is version 3 plus the held rows: its front is version 3's lane.
        byte[] v3 = golden("lane-split-v3.bin");
        assertThat(Arrays.copyOf(golden, v3.length)).isEqualTo(v3);
    }

    @Test
    void heldRowsOutsideTheLaneOrOutOfOrderAreRefused() throws IOException {
        LaneSplit lane = GoldenStates.laneSplitV3();
        assertHeldRefused(
                lane, List.of(new HeldRow(0, lane.slices().size(), 0, 0)), "held row of slice 4");
        String order = "held rows out of order at row 1";
        assertHeldRefused(lane, List.of(new HeldRow(2, 0, 0, 9), new HeldRow(1, 0, 1, 10)), order);
        assertHeldRefused(lane, List.of(new HeldRow(1, 0, 0, 10), new HeldRow(2, 0, 1, 9)), order);
    }

    private static void assertHeldRefused(LaneSplit lane, List<HeldRow> held, String why)
            throws IOException {
        byte[] bytes = LaneSplitSerializer.INSTANCE.serialize(lane.withHeld(held));
        assertThatThrownBy(
                        () ->
                                LaneSplitSerializer.INSTANCE.deserialize(
                                        LaneSplitSerializer.VERSION_4, bytes))
                .hasMessage("corrupt LaneSplit: " + why);
    }

    @Test
    void versionTwoSharesDirectoriesBetweenPaths() throws IOException {
        List<ShardSlice> slices = new ArrayList<>();
        String directory = "s3://a-bucket-with-a-long-name/datasets/speech/2026-11-29/";
        for (int s = 0; s < 1000; s++) {
            slices.add(
                    new ShardSlice(
                            0, s, directory + "part-" + s + ".npz", 0, 100, 1e-3, 123_456, s));
        }
        LaneSplit lane = LaneSplit.fresh(0, 1, slices, 1000);
        byte[] bytes = LaneSplitSerializer.INSTANCE.serialize(lane);
        assertThat(LaneSplitSerializer.INSTANCE.deserialize(4, bytes)).isEqualTo(lane);
        // The directory once; per slice the file name and fixed-width weight, size, fingerprint.
        assertThat(bytes.length).isLessThan(directory.length() + 1000 * (15 + 8 + 8 + 8 + 8));
    }

    @Test
    void readsCommittedVersionOneEnumeratorState() throws IOException {
        byte[] golden = golden("enumerator-state-v1.bin");
        EnumeratorState state =
                EnumeratorStateSerializer.INSTANCE.deserialize(
                        EnumeratorStateSerializer.VERSION_1, golden);
        assertThat(state).isEqualTo(GoldenStates.enumeratorStateV1());
        assertThat(state.unassigned().get(1).muxState()).isNull();
    }

    @Test
    void readsCommittedEnumeratorStateWithVersionTwoLanes() throws IOException {
        byte[] golden = golden("enumerator-state-v1-lanes-v2.bin");
        EnumeratorState state =
                EnumeratorStateSerializer.INSTANCE.deserialize(
                        EnumeratorStateSerializer.VERSION_1, golden);
        assertThat(state).isEqualTo(GoldenStates.enumeratorStateV1LanesV2());
    }

    @Test
    void readsAndWritesCommittedVersionTwoEnumeratorStateWithDiscovery() throws IOException {
        byte[] golden = golden("enumerator-state-v2.bin");
        EnumeratorState state =
                EnumeratorStateSerializer.INSTANCE.deserialize(
                        EnumeratorStateSerializer.VERSION_2, golden);
        assertThat(state).isEqualTo(GoldenStates.enumeratorStateV2());
        assertThat(state.discovery().slicesFrom(1, 1)).hasSize(1);
        assertThat(state.discovery().slicesFrom(1, 2)).isEmpty();
        assertThat(state.discovery().datasets().get(0).known())
                .containsExactly("/data/alpha/_bad.npz", "/data/alpha/a-00.npz");
        // Written again, its lanes are of the current version, which reads back the same.
        byte[] current = golden("enumerator-state-v2-lanes-v4.bin");
        assertThat(EnumeratorStateSerializer.INSTANCE.serialize(state)).isEqualTo(current);
        assertThat(
                        EnumeratorStateSerializer.INSTANCE.deserialize(
                                EnumeratorStateSerializer.VERSION_2, current))
                .isEqualTo(GoldenStates.enumeratorStateV2());
    }

    @Test
    void unknownVersionsAndTrailingBytesAreRefusedLoudly() throws IOException {
        byte[] golden = golden("lane-split-v1.bin");
        assertThatThrownBy(() -> LaneSplitSerializer.INSTANCE.deserialize(7, golden))
                .hasMessage(
                        "unknown LaneSplit serializer version 7; this build reads versions up to 4");
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

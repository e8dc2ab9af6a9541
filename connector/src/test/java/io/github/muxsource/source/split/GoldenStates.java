package io.github.muxsource.source.split;

import io.github.muxsource.source.enumerator.DatasetProgress;
import io.github.muxsource.source.enumerator.DiscoveryState;
import io.github.muxsource.source.enumerator.EnumeratorState;
import io.github.muxsource.source.enumerator.EnumeratorStateSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The states whose bytes are committed under {@code src/test/resources/golden}, per version. Run
 * {@link #main} only when adding a new version's files; never rewrite a released version's.
 */
public final class GoldenStates {
    private GoldenStates() {}

    /** The lane in {@code lane-split-v1.bin}, as this version reads it. */
    public static LaneSplit laneSplitV1() {
        return new LaneSplit(
                3,
                8,
                List.of(
                        new ShardSlice(0, 2, "file:/data/alpha/part-02.npz", 0, 50, 1.0),
                        new ShardSlice(2, 0, "s3://bucket/gamma/part-00.npz", 30, 45, 0.75)),
                new byte[] {0, 0, 0, 1, 42, -7, 13},
                1200,
                LaneSplit.MAX_RECORDS_FROM_CONFIG,
                LaneSplit.NO_TURN,
                LaneSplit.NO_PENDING,
                0);
    }

    /** The state in {@code enumerator-state-v1.bin}: lanes of version 1. */
    public static EnumeratorState enumeratorStateV1() {
        LaneSplit fresh =
                new LaneSplit(
                        5,
                        8,
                        List.of(new ShardSlice(1, 1, "/data/beta/part-01.npz", 10, 20, 2.0)),
                        null,
                        0,
                        LaneSplit.MAX_RECORDS_FROM_CONFIG,
                        LaneSplit.NO_TURN,
                        LaneSplit.NO_PENDING,
                        0);
        return new EnumeratorState(8, List.of(laneSplitV1(), fresh));
    }

    /** The lane in {@code lane-split-v2.bin}: shared directories, a bare name, checks, a turn. */
    public static LaneSplit laneSplitV2() {
        return new LaneSplit(
                3,
                8,
                List.of(
                        new ShardSlice(
                                0, 2, "file:/data/alpha/part-02.npz", 0, 50, 1.0, 4096, 0x5eedL),
                        new ShardSlice(
                                0, 3, "file:/data/alpha/part-03.npz", 0, 7, 0.14, 1024, -42L),
                        new ShardSlice(2, 0, "s3://bucket/gamma/part-00.npz", 30, 45, 0.75),
                        new ShardSlice(2, 1, "bare.npz", 1L << 40, (1L << 40) + 3, 0.5)),
                new byte[] {0, 0, 0, 2, 42, -7, 13},
                1200,
                5000,
                17,
                1,
                6);
    }

    /**
     * The state in {@code enumerator-state-v1-lanes-v2.bin}: the same format, lanes of version 2.
     */
    public static EnumeratorState enumeratorStateV1LanesV2() {
        LaneSplit fresh =
                LaneSplit.fresh(
                        5,
                        8,
                        List.of(new ShardSlice(1, 1, "/data/beta/part-01.npz", 10, 20, 2.0)),
                        LaneSplit.UNBOUNDED);
        return new EnumeratorState(8, List.of(laneSplitV2(), fresh));
    }

    /**
     * The state in {@code enumerator-state-v2.bin}: a monitored source's, with discovery's progress
     * (a known path that was skipped), slices added to two lanes after the first plan, and a
     * waiting lane of version 3.
     */
    public static EnumeratorState enumeratorStateV2() {
        DatasetProgress alpha =
                new DatasetProgress(
                        "{x=<f4[3], y=|u1[]}",
                        Set.of("/data/alpha/a-00.npz", "/data/alpha/_bad.npz"),
                        100,
                        130,
                        2);
        ShardSlice a1 = new ShardSlice(0, 1, "/data/alpha/a-01.npz", 0, 15, 0.5, 2048, 77L);
        ShardSlice a1b = new ShardSlice(0, 1, "/data/alpha/a-01.npz", 15, 30, 0.5, 2048, 77L);
        DiscoveryState discovery =
                new DiscoveryState(
                        List.of(alpha),
                        new int[] {1, 1},
                        List.of(new ArrayList<>(List.of(a1)), new ArrayList<>(List.of(a1b))));
        LaneSplit waiting =
                LaneSplit.fresh(
                        1,
                        2,
                        List.of(new ShardSlice(0, 0, "/data/alpha/a-00.npz", 50, 100, 1.0)),
                        40,
                        new LaneQuota(1, 2, 2),
                        orderedSettings("seed", "7", "mux", "stochastic"),
                        LaneWeights.CONFIGURED);
        return new EnumeratorState(2, List.of(waiting), discovery);
    }

    /** Settings in the order given, as the committed files hold them ({@code Map.of} has none). */
    private static Map<String, String> orderedSettings(String... namesAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return settings;
    }

    /**
     * The lane in {@code lane-split-v3.bin}: version 2's lane with an uneven quota, settings,
     * weights changed by a schedule and live weights, and the planned weights.
     */
    public static LaneSplit laneSplitV3() {
        LaneSplit v2 = laneSplitV2();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("seed", "42");
        settings.put("mux", "stochastic");
        settings.put("nActive", "2");
        settings.put("datasets", "alpha,beta,gamma");
        settings.put("weights", "alpha=1.0,beta=2.0,gamma=0.5");
        Map<String, Double> current = new LinkedHashMap<>();
        current.put("alpha", 3.0);
        current.put("beta", 2.0);
        current.put("gamma", 0.25);
        Map<String, Double> planned = new LinkedHashMap<>();
        planned.put("alpha", 1.0);
        planned.put("beta", 2.0);
        planned.put("gamma", 0.5);
        return new LaneSplit(
                v2.lane(),
                v2.laneCount(),
                v2.slices(),
                new byte[] {0, 0, 0, 2, 42, -7, 13},
                v2.emitted(),
                v2.maxRecords(),
                v2.turn(),
                v2.pendingSlice(),
                v2.pendingRow(),
                new LaneQuota(3000, 4057, 9001),
                settings,
                new LaneWeights(current, Map.of("gamma", 0.25), planned));
    }

    /**
     * The lane in {@code lane-split-v4.bin}: version 3's lane holding two rows of its reader's
     * half-filled batch (the reader's first and fourth), in its second and fourth slices.
     */
    public static LaneSplit laneSplitV4() {
        return laneSplitV3()
                .withHeld(
                        List.of(
                                new HeldRow(0, 1, 5, 1197),
                                new HeldRow(3, 3, (1L << 40) + 2, 1199)));
    }

    /**
     * Writes the current versions' files (lane split 4, and enumerator state 2 with lanes of
     * version 4); released versions' files are never rewritten.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.write(
                dir.resolve("lane-split-v4.bin"),
                LaneSplitSerializer.INSTANCE.serialize(laneSplitV4()));
        Files.write(
                dir.resolve("enumerator-state-v2-lanes-v4.bin"),
                EnumeratorStateSerializer.INSTANCE.serialize(enumeratorStateV2()));
    }
}

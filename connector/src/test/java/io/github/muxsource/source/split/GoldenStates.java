package io.github.muxsource.source.split;

import io.github.muxsource.source.enumerator.EnumeratorState;
import io.github.muxsource.source.enumerator.EnumeratorStateSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The states whose version-1 bytes are committed under {@code src/test/resources/golden}. Run
 * {@link #main} only when adding a new version's files; never rewrite a released version's.
 */
public final class GoldenStates {
    private GoldenStates() {}

    public static LaneSplit laneSplit() {
        return new LaneSplit(
                3,
                8,
                List.of(
                        new ShardSlice(0, 2, "file:/data/alpha/part-02.npz", 0, 50, 1.0),
                        new ShardSlice(2, 0, "s3://bucket/gamma/part-00.npz", 30, 45, 0.75)),
                new byte[] {0, 0, 0, 1, 42, -7, 13},
                1200);
    }

    public static EnumeratorState enumeratorState() {
        LaneSplit fresh =
                new LaneSplit(
                        5,
                        8,
                        List.of(new ShardSlice(1, 1, "/data/beta/part-01.npz", 10, 20, 2.0)),
                        null,
                        0);
        return new EnumeratorState(8, List.of(laneSplit(), fresh));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.write(
                dir.resolve("lane-split-v1.bin"),
                LaneSplitSerializer.INSTANCE.serialize(laneSplit()));
        Files.write(
                dir.resolve("enumerator-state-v1.bin"),
                EnumeratorStateSerializer.INSTANCE.serialize(enumeratorState()));
    }
}

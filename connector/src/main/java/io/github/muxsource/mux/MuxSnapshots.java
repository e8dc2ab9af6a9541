package io.github.muxsource.mux;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The versioned byte form of a cursor's state: a version tag, then what the cursor tree writes.
 * {@code docs/state.md} describes every version.
 *
 * <p>A version names behaviour as well as layout: a cursor restored from version 1 keeps version
 * 1's draws for the rest of its life (and so does every stream it opens), and writes version 1
 * again, so that a job restored from an old savepoint continues exactly as the old version would
 * have; fresh cursors behave as, and write, {@link #CURRENT_VERSION}.
 */
public final class MuxSnapshots {
    /**
     * Version 1: int version, then the cursor's own fields (each mux documents its layout in its
     * {@code snapshot} method), then nothing. Stochastic draws in floating point; shuffled streams
     * rebuild a Fisher–Yates permutation from their seed.
     */
    public static final int VERSION_1 = 1;

    /**
     * Version 2: the layout of version 1. Stochastic draws with integer weights (Fenwick-tree
     * activations, exact binomial budgets); shuffled streams evaluate a {@link FeistelPermutation}
     * of their seed.
     */
    public static final int VERSION_2 = 2;

    /**
     * Version 3: the layout of version 2, and its behaviour, except that a {@link ShuffledMux}
     * draws each item's stream with integer weights from a {@link FenwickTree}, in O(log streams),
     * where versions 1 and 2 scan every stream in floating point.
     */
    public static final int VERSION_3 = 3;

    public static final int CURRENT_VERSION = VERSION_3;

    private MuxSnapshots() {}

    public static byte[] write(Cursor<?> cursor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(cursor.version());
            cursor.snapshot(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Checks that {@code version} is one this build can behave as. */
    public static int checkVersion(int version) {
        if (version < VERSION_1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException(
                    "unknown mux state version "
                            + version
                            + "; this build reads up to "
                            + CURRENT_VERSION);
        }
        return version;
    }

    /**
     * Restores a cursor of {@code streamer} from {@link #write}'s bytes; refuses trailing bytes.
     */
    public static <T> Cursor<T> read(Streamer<T> streamer, byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        int version = in.readInt();
        Cursor<T> cursor =
                switch (version) {
                    case VERSION_1, VERSION_2, VERSION_3 -> streamer.restore(in, version);
                    default ->
                            throw new IOException(
                                    "unknown mux state version "
                                            + version
                                            + "; this build reads up to "
                                            + CURRENT_VERSION);
                };
        if (in.available() > 0) {
            throw new IOException(
                    "corrupt mux state: "
                            + in.available()
                            + " trailing bytes (does the configuration match?)");
        }
        return cursor;
    }
}

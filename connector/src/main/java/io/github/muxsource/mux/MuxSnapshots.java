package io.github.muxsource.mux;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The versioned byte form of a cursor's state: a version tag, then what the cursor tree writes. */
public final class MuxSnapshots {
    /**
     * Version 1: int version, then the cursor's own fields (each mux documents its layout in its
     * {@code snapshot} method), then nothing.
     */
    public static final int VERSION_1 = 1;

    public static final int CURRENT_VERSION = VERSION_1;

    private MuxSnapshots() {}

    public static byte[] write(Cursor<?> cursor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(CURRENT_VERSION);
            cursor.snapshot(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a cursor of {@code streamer} from {@link #write}'s bytes; refuses trailing bytes.
     */
    public static <T> Cursor<T> read(Streamer<T> streamer, byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        int version = in.readInt();
        Cursor<T> cursor =
                switch (version) {
                    case VERSION_1 -> streamer.restore(in);
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

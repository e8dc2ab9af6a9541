package io.github.muxsource.npz;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Random-access bytes of one file: the only I/O seam of the format layer.
 *
 * <p>Implementations are safe for concurrent positioned reads.
 */
public interface ByteSource extends Closeable {

    /** The path or URI this source reads, as given by the user; used in error messages. */
    String location();

    /** The size of the file in bytes. */
    long size();

    /**
     * Reads exactly {@code length} bytes at {@code position} into {@code target}.
     *
     * @throws java.io.EOFException if the file ends first
     */
    void readFully(long position, byte[] target, int offset, int length) throws IOException;

    /** Whether {@link #map} works: local files only. */
    default boolean mappable() {
        return false;
    }

    /** Maps {@code length} bytes at {@code position} read-only; only when {@link #mappable()}. */
    default ByteBuffer map(long position, int length) throws IOException {
        throw new UnsupportedOperationException(location() + " cannot be memory-mapped");
    }

    /**
     * Opens a local path, a {@code file:} URI, or any URI Flink's {@code FileSystem} understands
     * (for example {@code s3://}).
     */
    static ByteSource open(String location) throws IOException {
        return open(location, 0);
    }

    /**
     * Opens {@code location} as {@link #open(String)} does; a local file of at most {@code
     * readWholeUpTo} bytes is then read whole at once, and read from that copy until it is closed
     * or {@link #dropCopy dropped}: one read instead of one per structure for a small shard.
     */
    static ByteSource open(String location, int readWholeUpTo) throws IOException {
        URI uri = toUri(location);
        if (uri == null || "file".equals(uri.getScheme())) {
            Path path = uri == null ? Path.of(location) : Path.of(uri);
            return LocalFileByteSource.open(location, path, readWholeUpTo);
        }
        return FlinkFileByteSource.open(location, uri);
    }

    /** Drops a copy read at open, if any: reads go to the file from then on. */
    default void dropCopy() {}

    /**
     * Whether {@link #open} reads {@code location} as a local file (a plain path or a {@code file:}
     * URI) rather than through Flink's {@code FileSystem}.
     */
    static boolean isLocal(String location) {
        URI uri = toUri(location);
        return uri == null || "file".equals(uri.getScheme());
    }

    private static URI toUri(String location) {
        int colon = location.indexOf(':');
        // "C:\..." or a plain path have no scheme of more than one letter.
        if (colon <= 1) {
            return null;
        }
        try {
            return new URI(location);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}

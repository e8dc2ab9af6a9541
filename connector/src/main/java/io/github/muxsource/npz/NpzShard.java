package io.github.muxsource.npz;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * An open {@code .npz} file whose arrays share their first dimension (rows).
 *
 * <p>Opening reads and validates headers only: the ZIP index, then each NPY header. A file that is
 * not a usable shard is refused with an {@link NpzFormatException} naming the file, the entry and
 * the cause: not a zip, truncated, bad magic, unsupported dtype, a 0-d array, a shape that needs
 * more bytes than the entry holds, or arrays whose row counts differ. A field selection ({@link
 * #open(String, long, List)}) reads only the named arrays and ignores the rest of the archive.
 */
public final class NpzShard implements AutoCloseable {
    /** Default bound for arrays inflated into memory for random access: 1 GiB. */
    public static final long DEFAULT_MAX_IN_MEMORY_BYTES = 1L << 30;

    private final ByteSource file;
    private final List<NpyArray> arrays;
    private final long rows;
    private final boolean holdsDescriptor;

    private NpzShard(ByteSource file, List<NpyArray> arrays, long rows) throws IOException {
        this.file = file;
        this.arrays = arrays;
        this.rows = rows;
        this.holdsDescriptor = !file.mappable() || arrays.stream().anyMatch(NpyArray::compressed);
        if (!holdsDescriptor) {
            // Every array is mapped already, and a mapping outlives its descriptor.
            file.close();
        }
    }

    /** Opens a shard with the default in-memory limit. */
    public static NpzShard open(String location) throws IOException {
        return open(location, DEFAULT_MAX_IN_MEMORY_BYTES);
    }

    /**
     * Opens a shard.
     *
     * @param location a local path, {@code file:} URI or any Flink file system URI
     * @param maxInMemoryBytes the most bytes one deflated array may take when inflated into memory
     *     for random access
     */
    public static NpzShard open(String location, long maxInMemoryBytes) throws IOException {
        return open(location, maxInMemoryBytes, List.of());
    }

    /**
     * Opens a shard whose fields are the arrays named in {@code fields}; every other entry of the
     * archive is ignored. An empty list means every array (and then every entry must be an array
     * with the shard's rows).
     */
    public static NpzShard open(String location, long maxInMemoryBytes, List<String> fields)
            throws IOException {
        ByteSource file = ByteSource.open(location);
        try {
            return read(file, maxInMemoryBytes, fields);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Reads a shard from an already open source (which the shard then owns). */
    static NpzShard read(ByteSource file, long maxInMemoryBytes) throws IOException {
        return read(file, maxInMemoryBytes, List.of());
    }

    static NpzShard read(ByteSource file, long maxInMemoryBytes, List<String> fields)
            throws IOException {
        List<NpyArray> arrays =
                ShardFields.open(file, ZipDirectory.read(file), fields, maxInMemoryBytes);
        return new NpzShard(file, Collections.unmodifiableList(arrays), arrays.get(0).rows());
    }

    /** The path or URI the shard was opened from. */
    public String location() {
        return file.location();
    }

    /** Rows shared by every array. */
    public long rows() {
        return rows;
    }

    /** The arrays in archive order. */
    public List<NpyArray> arrays() {
        return arrays;
    }

    /** The array named {@code name}, or {@code null}. */
    public NpyArray array(String name) {
        for (NpyArray array : arrays) {
            if (array.name().equals(name)) {
                return array;
            }
        }
        return null;
    }

    /**
     * Whether the open shard holds a file descriptor. A local shard whose arrays are all stored is
     * read through memory mappings only, which need none.
     */
    public boolean holdsDescriptor() {
        return holdsDescriptor;
    }

    /** The file's size in bytes. */
    public long size() {
        return file.size();
    }

    /**
     * A 64-bit FNV-1a hash of every array's name, dtype, shape and order: two opens of a file give
     * the same fingerprint unless its layout changed in between.
     */
    public long fingerprint() {
        StringBuilder layout = new StringBuilder();
        for (NpyArray array : arrays) {
            NpyHeader h = array.header();
            layout.append(array.name())
                    .append('|')
                    .append(h.dtype().descr())
                    .append('|')
                    .append(java.util.Arrays.toString(h.shape()))
                    .append('|')
                    .append(h.fortranOrder())
                    .append(';');
        }
        long hash = 0xcbf29ce484222325L;
        for (byte b : layout.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    /**
     * Closes the file and releases the arrays' mappings at once; rows must not be read from this
     * shard afterwards.
     */
    @Override
    public void close() throws IOException {
        arrays.forEach(NpyArray::release);
        file.close();
    }
}

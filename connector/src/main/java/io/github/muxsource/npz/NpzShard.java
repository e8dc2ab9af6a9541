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
 * #open(String, SpillSpace, List)}) reads only the named arrays and ignores the rest of the
 * archive.
 *
 * <p>Random access to a deflated array inflates it once into a spill file of the shard's {@link
 * SpillSpace}; closing the shard deletes its spill files.
 */
public final class NpzShard implements AutoCloseable {
    /**
     * A local stored shard with at most this many bytes of arrays is small: readers keep its rows
     * on the heap (see {@link #open(String, SpillSpace, List, long)}) and discovery reads it
     * without mapping it.
     */
    public static final long SMALL_SHARD_BYTES = 64 << 10;

    private final ByteSource file;
    private final List<NpyArray> arrays;
    private final long rows;
    private final boolean holdsDescriptor;
    private long heapBytes;
    private byte[] heapRows;

    private NpzShard(ByteSource file, List<NpyArray> arrays, long rows, long heapUpTo)
            throws IOException {
        this.file = file;
        this.arrays = arrays;
        this.rows = rows;
        this.holdsDescriptor = !file.mappable() || arrays.stream().anyMatch(NpyArray::compressed);
        placeStoredArrays(heapUpTo);
        if (!holdsDescriptor) {
            // Every array is mapped or on the heap now, and a mapping outlives its descriptor.
            file.close();
        } else {
            // An open shard holds a descriptor, which the reader's caps count, not a file's copy.
            file.dropCopy();
        }
    }

    /**
     * Maps the stored arrays of a local file, or reads them onto the heap, into one array, when
     * together they hold at most {@code heapUpTo} bytes: for a small shard one read costs less than
     * a mapping and its unmapping, and it then holds neither a mapping nor a descriptor.
     */
    private void placeStoredArrays(long heapUpTo) throws IOException {
        long stored = 0;
        boolean cOrder = true;
        for (NpyArray array : arrays) {
            if (array.awaitsPlacement()) {
                stored += array.dataBytes();
                cOrder &= array.cOrder();
            }
        }
        try {
            if (stored > Math.min(heapUpTo, Integer.MAX_VALUE - 8)) {
                for (NpyArray array : arrays) {
                    if (array.awaitsPlacement()) {
                        array.map();
                    }
                }
                return;
            }
            byte[] data = new byte[(int) stored];
            int start = 0;
            for (NpyArray array : arrays) {
                if (array.awaitsPlacement()) {
                    start += array.readIntoHeap(data, start);
                }
            }
            heapBytes = stored;
            heapRows = cOrder && !holdsDescriptor ? data : null;
        } catch (IOException | RuntimeException e) {
            arrays.forEach(NpyArray::release); // the arrays mapped before one failed
            throw e;
        }
    }

    /**
     * Opens a shard that spills deflated arrays read at random to {@code java.io.tmpdir}, within
     * {@link SpillSpace#DEFAULT_MAX_BYTES}.
     */
    public static NpzShard open(String location) throws IOException {
        return open(location, SpillSpace.temporary());
    }

    /**
     * Opens a shard.
     *
     * @param location a local path, {@code file:} URI or any Flink file system URI
     * @param spillSpace where deflated arrays read in random order are inflated, under its budget
     */
    public static NpzShard open(String location, SpillSpace spillSpace) throws IOException {
        return open(location, spillSpace, List.of());
    }

    /**
     * Opens a shard whose fields are the arrays named in {@code fields}; every other entry of the
     * archive is ignored. An empty list means every array (and then every entry must be an array
     * with the shard's rows).
     */
    public static NpzShard open(String location, SpillSpace spillSpace, List<String> fields)
            throws IOException {
        return open(location, spillSpace, fields, 0);
    }

    /**
     * Opens a shard as {@link #open(String, SpillSpace, List)} does; if it is a local file whose
     * stored arrays hold at most {@code heapUpTo} bytes together, they are read onto the heap (see
     * {@link #heapBytes} and {@link #heapRows}) instead of mapped.
     */
    public static NpzShard open(
            String location, SpillSpace spillSpace, List<String> fields, long heapUpTo)
            throws IOException {
        // A small shard's file is read whole: its arrays will be read onto the heap.
        ByteSource file =
                ByteSource.open(
                        location, heapUpTo > 0 ? LocalFileByteSource.SMALL_SHARD_FILE_BYTES : 0);
        try {
            return read(file, spillSpace, fields, heapUpTo);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Reads a shard from an already open source (which the shard then owns). */
    static NpzShard read(ByteSource file, SpillSpace spillSpace) throws IOException {
        return read(file, spillSpace, List.of(), 0);
    }

    static NpzShard read(ByteSource file, SpillSpace spillSpace, List<String> fields, long heapUpTo)
            throws IOException {
        List<NpyArray> arrays = ShardFields.open(file, ZipDirectory.read(file), fields, spillSpace);
        return new NpzShard(
                file, Collections.unmodifiableList(arrays), arrays.get(0).rows(), heapUpTo);
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

    /** Bytes of array data read through memory mappings. */
    public long mappedBytes() {
        long bytes = 0;
        for (NpyArray array : arrays) {
            bytes += array.mapped() ? array.rows() * (long) array.rowBytes() : 0;
        }
        return bytes;
    }

    /**
     * Every row of the shard in one array, when it opened with all of its arrays on the heap (see
     * {@link #open(String, SpillSpace, List, long)}), each in C order; otherwise {@code null}.
     * Array {@code i}'s row {@code r} is at {@code rows() * (bytes of a row of the arrays before i)
     * + r * arrays().get(i).rowBytes()}: reading a row needs no object between the shard and its
     * bytes. Not to be modified.
     */
    public byte[] heapRows() {
        return heapRows;
    }

    /** Bytes of array data this shard holds on the heap. */
    public long heapBytes() {
        return heapBytes;
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
     * Closes the file, releases the arrays' mappings at once and deletes their spill files; rows
     * must not be read from this shard afterwards.
     */
    @Override
    public void close() throws IOException {
        arrays.forEach(NpyArray::release);
        IOException first = null;
        for (NpyArray array : arrays) {
            try {
                array.releaseSpill();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        file.close();
        if (first != null) {
            throw first;
        }
    }
}

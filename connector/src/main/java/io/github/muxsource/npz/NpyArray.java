package io.github.muxsource.npz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * One array of an NPZ shard: its header, and row access chosen by how the entry is stored.
 *
 * <ul>
 *   <li>stored, local file: memory-mapped, zero-copy, O(1) random rows;
 *   <li>stored, remote file: positioned reads through a block cache;
 *   <li>deflated: a streaming inflate for sequential rows; other access inflates the whole array
 *       once into a local spill file ({@link SpillSpace}) and maps it, so the heap holds buffers
 *       only, whatever the array's size;
 *   <li>Fortran order: rows gathered element by element into C order.
 * </ul>
 */
public final class NpyArray {
    private final ByteSource file;
    private final ZipEntryInfo entry;
    private final NpyHeader header;
    private final String name;
    private final SpillSpace spillSpace;
    private final int rowBytes;
    private final long dataBytes;

    /** Where a stored array's data starts in the file. */
    private final long dataStart;

    /**
     * Stored data: read by position (remote files), or, for a local file, mapped ({@link #map}) or
     * on the heap ({@link #readIntoHeap}) as the shard opens; null for a deflated array.
     */
    private ArrayBytes storedBytes;

    /** Guarded by this: the spill file and its mapping, once random access needed them. */
    private Path spillFile;

    private volatile ArrayBytes spilled;

    private NpyArray(ByteSource file, ZipEntryInfo entry, NpyHeader header, SpillSpace spillSpace)
            throws IOException {
        this.file = file;
        this.entry = entry;
        this.header = header;
        this.name = ShardFields.arrayName(entry);
        this.spillSpace = spillSpace;
        long[] shape = header.shape();
        if (shape.length == 0) {
            throw error("0-d array (a scalar) has no rows");
        }
        long elements = header.elementCount();
        long itemSize = header.dtype().itemSize();
        long rowElements = rowElements(shape);
        if (elements < 0 || rowElements < 0 || elements > Long.MAX_VALUE / itemSize) {
            throw error("shape " + Arrays.toString(shape) + " overflows");
        }
        if (rowElements > (Integer.MAX_VALUE - 8) / itemSize) {
            throw error(
                    "a row of "
                            + rowElements
                            + " elements of "
                            + itemSize
                            + " bytes exceeds 2 GiB");
        }
        this.rowBytes = (int) (rowElements * itemSize);
        this.dataBytes = elements * itemSize;
        long available = entry.uncompressedSize() - header.dataOffset();
        if (dataBytes > available) {
            throw error(
                    "shape "
                            + Arrays.toString(shape)
                            + " of "
                            + header.dtype()
                            + " needs "
                            + dataBytes
                            + " bytes but the entry holds "
                            + Math.max(available, 0));
        }
        this.dataStart = entry.dataOffset() + header.dataOffset();
        if (!entry.compressed() && !file.mappable()) {
            storedBytes = new PositionedArrayBytes(file, dataStart, dataBytes);
        }
    }

    static NpyArray open(ByteSource file, ZipEntryInfo entry, SpillSpace spillSpace)
            throws IOException {
        return open(file, entry, readHeader(file, entry), spillSpace);
    }

    /** Opens an array whose header was already read (with {@link #readHeader}). */
    static NpyArray open(
            ByteSource file, ZipEntryInfo entry, NpyHeader header, SpillSpace spillSpace)
            throws IOException {
        return new NpyArray(file, entry, header, spillSpace);
    }

    private static long rowElements(long[] shape) {
        long count = 1;
        for (int d = 1; d < shape.length; d++) {
            try {
                count = Math.multiplyExact(count, shape[d]);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return count;
    }

    /** Reads and parses an entry's NPY header, refusing it with the file and entry named. */
    static NpyHeader readHeader(ByteSource file, ZipEntryInfo entry) throws IOException {
        return readHeader(file, entry, NpyHeader::parse);
    }

    /** Reads an entry's NPY header fields whatever its dtype, for describing any array. */
    static NpyHeader.Fields readHeaderFields(ByteSource file, ZipEntryInfo entry)
            throws IOException {
        return readHeader(file, entry, NpyHeader::parseFields);
    }

    private static <H> H readHeader(
            ByteSource file, ZipEntryInfo entry, java.util.function.Function<byte[], H> parser)
            throws IOException {
        try (InputStream in = uncompressed(file, entry)) {
            byte[] preamble = new byte[NpyHeader.PREAMBLE];
            int got = in.readNBytes(preamble, 0, preamble.length);
            int total = NpyHeader.totalLength(preamble, got);
            if (total > entry.uncompressedSize()) {
                throw new IllegalArgumentException(
                        "header length "
                                + total
                                + " points past the end of the entry ("
                                + entry.uncompressedSize()
                                + " bytes)");
            }
            byte[] header = Arrays.copyOf(preamble, total);
            if (total > got && in.readNBytes(header, got, total - got) != total - got) {
                throw new IllegalArgumentException("truncated header");
            }
            return parser.apply(header);
        } catch (IllegalArgumentException | EOFException e) {
            throw new NpzFormatException(file.location(), entry.name(), e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw new NpzFormatException(
                    file.location(), entry.name(), "corrupt deflated data: " + e.getMessage());
        }
    }

    static InputStream uncompressed(ByteSource file, ZipEntryInfo entry) {
        InputStream raw = new EntryInputStream(file, entry.dataOffset(), entry.compressedSize());
        return entry.compressed() ? new InflaterInputStream(raw, new Inflater(true)) : raw;
    }

    /** The array's name: the entry name without {@code .npy}. */
    public String name() {
        return name;
    }

    public NpyHeader header() {
        return header;
    }

    public DType dtype() {
        return header.dtype();
    }

    /** Rows: the first dimension of the shape. */
    public long rows() {
        return header.shape()[0];
    }

    /** The shape of one row: the shape without its first dimension. */
    public long[] rowShape() {
        long[] shape = header.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Bytes in one row. */
    public int rowBytes() {
        return rowBytes;
    }

    /** Whether the entry is deflated ({@code np.savez_compressed}). */
    public boolean compressed() {
        return entry.compressed();
    }

    /** Opens a row reader for one consumer (one stream of rows). */
    public RowReader openRows() throws IOException {
        if (entry.compressed()) {
            return header.fortranOrder() || spilled != null
                    ? spilledRows()
                    : new InflatingRows(this);
        }
        return rowsOver(storedBytes);
    }

    /**
     * Prepares the array for rows read in any order, so that no read has to inflate: a deflated
     * array is spilled now (once), and readers opened afterwards read the spill file. Call it where
     * waiting is fine (the reader's I/O threads), not where rows are emitted.
     */
    public void prepareRandomAccess() throws IOException {
        if (entry.compressed()) {
            spilledRows();
        }
    }

    /**
     * Rows of a deflated array from its spill file, inflated once on first use and shared by all
     * readers of this array until {@link #releaseSpill()}.
     */
    RowReader spilledRows() throws IOException {
        ArrayBytes bytes = spilled;
        if (bytes == null) {
            synchronized (this) {
                if (spilled == null) {
                    spilled = spill();
                }
                bytes = spilled;
            }
        }
        return rowsOver(bytes);
    }

    private RowReader rowsOver(ArrayBytes bytes) {
        if (header.fortranOrder()) {
            return new FortranRows(bytes, header.shape(), header.dtype().itemSize());
        }
        if (bytes instanceof HeapArrayBytes heap) {
            return heap.rows(rowBytes);
        }
        int size = rowBytes;
        return (row, target, offset) -> bytes.get(row * size, target, offset, size);
    }

    /** Inflates the array's data into a new spill file and maps it (the stored-entry path). */
    private ArrayBytes spill() throws IOException {
        Path path = spillSpace.reserve(file.location(), entry.name(), dataBytes);
        spillFile = path;
        try {
            writeData(path);
            try (ByteSource spilledFile = LocalFileByteSource.open(path.toString(), path, 0)) {
                // The mapping stays valid after its channel closes.
                return new MappedArrayBytes(spilledFile, 0, dataBytes);
            }
        } catch (IOException | RuntimeException e) {
            spillFile = null;
            spillSpace.release(path, dataBytes);
            throw e;
        }
    }

    private void writeData(Path path) throws IOException {
        Inflater inflater = new Inflater(true);
        InputStream raw = new EntryInputStream(file, entry.dataOffset(), entry.compressedSize());
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = new InflaterInputStream(raw, inflater, 64 * 1024);
                FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE)) {
            in.skipNBytes(header.dataOffset());
            long left = dataBytes;
            while (left > 0) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
                if (n == 0) {
                    throw error("truncated array data");
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                left -= n;
            }
            in.skipNBytes(entry.uncompressedSize() - header.dataOffset() - dataBytes);
            if (in.read() >= 0) {
                throw error("deflated data inflates to more than the declared entry size");
            }
        } catch (EOFException | java.util.zip.ZipException e) {
            throw error("corrupt or truncated data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** Deletes the spill file, if any; rows already handed out must no longer be read. */
    synchronized void releaseSpill() throws IOException {
        if (spillFile != null) {
            if (spilled instanceof MappedArrayBytes mapped) {
                mapped.release(); // unmapped now, so the disk space returns with the delete
            }
            spilled = null;
            Path path = spillFile;
            spillFile = null;
            spillSpace.release(path, dataBytes);
        }
    }

    /** Whether the array's data is read through a memory mapping. */
    boolean mapped() {
        return storedBytes instanceof MappedArrayBytes;
    }

    /** Whether the array is stored in a local file and not yet mapped or read onto the heap. */
    boolean awaitsPlacement() {
        return storedBytes == null && !entry.compressed() && file.mappable();
    }

    /** Bytes of data (every row). */
    long dataBytes() {
        return dataBytes;
    }

    /** Maps a stored array of a local file (see {@link #awaitsPlacement}). */
    void map() throws IOException {
        storedBytes = new MappedArrayBytes(file, dataStart, dataBytes);
    }

    /**
     * Reads a stored array of a local file (see {@link #awaitsPlacement}) to {@code target} from
     * {@code start}, where it stays; returns the bytes read.
     */
    int readIntoHeap(byte[] target, int start) throws IOException {
        file.readFully(dataStart, target, start, (int) dataBytes);
        storedBytes = new HeapArrayBytes(target, start);
        return (int) dataBytes;
    }

    /** Whether the array's rows are stored in C order (every element of a row together). */
    boolean cOrder() {
        return !header.fortranOrder();
    }

    /** Releases the array's mapping, if any, when its shard closes. */
    void release() {
        if (storedBytes instanceof MappedArrayBytes) {
            ((MappedArrayBytes) storedBytes).release();
        }
    }

    ByteSource file() {
        return file;
    }

    ZipEntryInfo entry() {
        return entry;
    }

    NpzFormatException error(String cause) {
        return new NpzFormatException(file.location(), entry.name(), cause);
    }
}

package io.github.muxsource.npz;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Rows of a deflated entry ({@code np.savez_compressed}), inflated as a stream for sequential
 * access; rows ahead are reached by inflating and dropping the rows between. A row behind the
 * stream's position switches to the array's spill file: the whole array inflated once to local disk
 * and mapped ({@link NpyArray#spilledRows()}), so the heap holds only this reader's buffers.
 */
final class InflatingRows implements RowReader {
    private final NpyArray array;
    private final int rowBytes;

    /**
     * Compressed input and inflated bytes not yet handed out (inflating 256 KiB at a time, not a
     * row per JNI call). Held only while the stream is open: a reader per array of every slice of a
     * lane is built up front, so readers that have not started, or have ended or spilled, must cost
     * no heap.
     */
    private byte[] input;

    private byte[] output;

    private int outputStart;
    private int outputEnd;
    private InputStream compressed;
    private Inflater inflater;
    private long nextRow;
    private RowReader fallback;

    InflatingRows(NpyArray array) {
        this.array = array;
        this.rowBytes = array.rowBytes();
    }

    @Override
    public void read(long row, byte[] target, int offset) throws IOException {
        if (fallback == null && inflater == null) {
            start();
        }
        if (fallback == null && row < nextRow) {
            close();
            fallback = array.spilledRows();
        }
        if (fallback != null) {
            fallback.read(row, target, offset);
            return;
        }
        skip((row - nextRow) * rowBytes);
        inflate(target, offset, rowBytes);
        nextRow = row + 1;
        if (nextRow == array.rows()) {
            verifyEnd();
            close(); // a later read starts the stream again
        }
    }

    /** After the last row, the entry must end where the zip directory says it does. */
    private void verifyEnd() throws IOException {
        ZipEntryInfo entry = array.entry();
        skip(
                entry.uncompressedSize()
                        - array.header().dataOffset()
                        - (long) array.rows() * rowBytes);
        if (outputStart < outputEnd) {
            throw array.error("deflated data inflates to more than the declared entry size");
        }
        try {
            while (!inflater.finished()) {
                if (inflater.inflate(output, 0, output.length) > 0) {
                    throw array.error(
                            "deflated data inflates to more than the declared entry size");
                }
                if (inflater.needsInput()) {
                    int read = compressed.read(input, 0, input.length);
                    if (read < 0) {
                        break;
                    }
                    inflater.setInput(input, 0, read);
                }
            }
        } catch (DataFormatException e) {
            throw array.error("corrupt deflated data: " + e.getMessage());
        }
    }

    /** Inflates and drops {@code bytes}: forward jumps (a row range's start) stay streaming. */
    private void skip(long bytes) throws IOException {
        while (bytes > 0) {
            if (outputStart == outputEnd) {
                fill();
            }
            int n = (int) Math.min(bytes, outputEnd - outputStart);
            outputStart += n;
            bytes -= n;
        }
    }

    private void start() throws IOException {
        ZipEntryInfo entry = array.entry();
        compressed = new EntryInputStream(array.file(), entry.dataOffset(), entry.compressedSize());
        inflater = new Inflater(true);
        input = new byte[64 * 1024];
        output = new byte[256 * 1024];
        outputStart = 0;
        outputEnd = 0;
        skip(array.header().dataOffset());
        nextRow = 0;
    }

    /** Copies the next {@code length} inflated bytes into {@code target}. */
    private void inflate(byte[] target, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (outputStart == outputEnd) {
                fill();
            }
            int n = Math.min(length - done, outputEnd - outputStart);
            System.arraycopy(output, outputStart, target, offset + done, n);
            outputStart += n;
            done += n;
        }
    }

    /** Inflates at least one more byte into the output buffer. */
    private void fill() throws IOException {
        outputStart = 0;
        outputEnd = 0;
        try {
            while (outputEnd == 0) {
                int n = inflater.inflate(output, 0, output.length);
                outputEnd = n;
                if (n == 0) {
                    if (inflater.finished()) {
                        throw array.error("deflated data ends before the declared array size");
                    }
                    if (inflater.needsDictionary()) {
                        throw array.error("deflated data needs a preset dictionary");
                    }
                    int read = compressed.read(input, 0, input.length);
                    if (read < 0) {
                        throw array.error("truncated deflated data");
                    }
                    inflater.setInput(input, 0, read);
                }
            }
        } catch (DataFormatException e) {
            throw array.error("corrupt deflated data: " + e.getMessage());
        }
    }

    private void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        compressed = null;
        input = null;
        output = null;
    }
}

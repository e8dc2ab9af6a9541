package io.github.muxsource.npz;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Rows of a deflated entry ({@code np.savez_compressed}), inflated as a stream for sequential
 * access. Any other access (a row behind the stream's position, or far ahead of it) switches to
 * the whole array inflated into memory once, which {@link NpyArray} bounds.
 */
final class InflatingRows implements RowReader {
    private final NpyArray array;
    private final int rowBytes;
    private final byte[] input = new byte[64 * 1024];
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
        if (fallback == null && (row < nextRow || row > nextRow + 1)) {
            close();
            fallback = array.materializedRows();
        }
        if (fallback != null) {
            fallback.read(row, target, offset);
            return;
        }
        if (row == nextRow + 1) {
            inflate(new byte[rowBytes], 0, rowBytes);
            nextRow++;
        }
        inflate(target, offset, rowBytes);
        nextRow++;
    }

    private void start() throws IOException {
        ZipEntryInfo entry = array.entry();
        compressed =
                new EntryInputStream(array.file(), entry.dataOffset(), entry.compressedSize());
        inflater = new Inflater(true);
        byte[] header = new byte[array.header().dataOffset()];
        inflate(header, 0, header.length);
        nextRow = 0;
    }

    private void inflate(byte[] target, int offset, int length) throws IOException {
        int done = 0;
        try {
            while (done < length) {
                int n = inflater.inflate(target, offset + done, length - done);
                done += n;
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
    }
}

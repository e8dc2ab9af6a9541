package io.github.muxsource.npz;

import java.io.IOException;

/**
 * Reads rows of one array in C (row-major) order, in the file's byte order. One reader serves one
 * consumer; sequential rows are the cheapest access on every storage kind.
 */
public interface RowReader {
    /** Copies row {@code row} ({@code rowBytes} bytes) into {@code target} at {@code offset}. */
    void read(long row, byte[] target, int offset) throws IOException;
}

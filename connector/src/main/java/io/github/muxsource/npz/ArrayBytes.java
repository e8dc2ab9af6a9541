package io.github.muxsource.npz;

import java.io.IOException;

/** Random access to the data bytes of one array, wherever they live. */
interface ArrayBytes {
    /** Copies {@code length} bytes starting {@code position} bytes into the array's data. */
    void get(long position, byte[] target, int offset, int length) throws IOException;
}

package io.github.muxsource.npz;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A stored entry of a local file, memory-mapped in windows of at most 1 GiB so that arrays past 2
 * GiB work; a read that straddles two windows is copied in two parts.
 */
final class MappedArrayBytes implements ArrayBytes {
    static final int WINDOW_BITS = 30;
    private static final long WINDOW = 1L << WINDOW_BITS;

    private final ByteBuffer[] windows;

    MappedArrayBytes(ByteSource file, long start, long length) throws IOException {
        int count = (int) ((length + WINDOW - 1) >>> WINDOW_BITS);
        windows = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long offset = (long) i << WINDOW_BITS;
            windows[i] = file.map(start + offset, (int) Math.min(WINDOW, length - offset));
        }
    }

    /** Unmaps every window; nothing may read this array afterwards. */
    void release() {
        for (int i = 0; i < windows.length; i++) {
            Unmapper.unmap(windows[i]);
            windows[i] = null;
        }
    }

    @Override
    public void get(long position, byte[] target, int offset, int length) {
        if (length == 0) {
            return;
        }
        int window = (int) (position >>> WINDOW_BITS);
        int within = (int) (position & (WINDOW - 1));
        int first = (int) Math.min(length, WINDOW - within);
        windows[window].get(within, target, offset, first);
        if (first < length) {
            get(position + first, target, offset + first, length - first);
        }
    }
}

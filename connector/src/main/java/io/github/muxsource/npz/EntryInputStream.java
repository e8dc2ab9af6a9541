package io.github.muxsource.npz;

import java.io.IOException;
import java.io.InputStream;

/** The raw (possibly compressed) bytes of one ZIP entry as a stream, read in 64 KiB chunks. */
final class EntryInputStream extends InputStream {
    private static final int CHUNK = 64 * 1024;

    private final ByteSource file;
    private final long end;
    private long position;

    EntryInputStream(ByteSource file, long start, long length) {
        this.file = file;
        this.position = start;
        this.end = start + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(Math.min(length, CHUNK), end - position);
        file.readFully(position, target, offset, n);
        position += n;
        return n;
    }
}

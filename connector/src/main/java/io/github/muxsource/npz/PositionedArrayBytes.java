package io.github.muxsource.npz;

import java.io.IOException;

/**
 * A stored entry read with positioned reads (remote files). A one-block cache turns sequential row
 * reads into one ranged read per block instead of one per row.
 */
final class PositionedArrayBytes implements ArrayBytes {
    static final int BLOCK = 1 << 20;

    private final ByteSource file;
    private final long start;
    private final long length;
    private final byte[] block = new byte[BLOCK];
    private long blockStart = -1;
    private int blockLength;

    PositionedArrayBytes(ByteSource file, long start, long length) {
        this.file = file;
        this.start = start;
        this.length = length;
    }

    @Override
    public synchronized void get(long position, byte[] target, int offset, int count)
            throws IOException {
        if (count > BLOCK) {
            file.readFully(start + position, target, offset, count);
            return;
        }
        if (blockStart < 0
                || position < blockStart
                || position + count > blockStart + blockLength) {
            blockStart = position;
            blockLength = (int) Math.min(BLOCK, length - position);
            file.readFully(start + position, block, 0, blockLength);
        }
        System.arraycopy(block, (int) (position - blockStart), target, offset, count);
    }
}

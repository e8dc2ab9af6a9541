package io.github.muxsource.npz;

/** Array data held on the heap: inflated entries and materialized remote ones. */
final class HeapArrayBytes implements ArrayBytes {
    private final byte[] data;

    HeapArrayBytes(byte[] data) {
        this.data = data;
    }

    @Override
    public void get(long position, byte[] target, int offset, int length) {
        System.arraycopy(data, (int) position, target, offset, length);
    }
}

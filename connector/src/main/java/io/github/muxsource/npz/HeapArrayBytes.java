package io.github.muxsource.npz;

/** A stored array copied onto the heap: small shards, so they hold no descriptor and no mapping. */
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

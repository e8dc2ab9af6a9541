package io.github.muxsource.npz;

/**
 * A stored array copied onto the heap: small shards, so they hold no descriptor and no mapping. The
 * arrays of one shard share one {@code byte[]}, each from its own {@code start} (see {@link
 * NpzShard#heapRows}).
 */
final class HeapArrayBytes implements ArrayBytes {
    private final byte[] data;
    private final int start;

    HeapArrayBytes(byte[] data, int start) {
        this.data = data;
        this.start = start;
    }

    /**
     * A reader of C-ordered rows of {@code rowBytes} that copies from the data itself: one object
     * less between a reader and the bytes, which is a cache miss less per shard a lane activates
     * when there are many small shards.
     */
    RowReader rows(int rowBytes) {
        byte[] bytes = data;
        int from = start;
        return (row, target, offset) ->
                System.arraycopy(bytes, from + (int) (row * rowBytes), target, offset, rowBytes);
    }

    @Override
    public void get(long position, byte[] target, int offset, int length) {
        System.arraycopy(data, start + (int) position, target, offset, length);
    }
}

package io.github.muxsource.npz;

import java.io.IOException;

/**
 * Rows of a Fortran-ordered (column-major) array, gathered element by element into C order.
 *
 * <p>For shape (n, d1, ..., dk) the element (i, j1, ..., jk) sits at linear index i + n * f(j),
 * where f is the column-major index of j in (d1, ..., dk). {@code offsets[t]} holds n * f(j) for
 * the t-th element of a row in C order.
 */
final class FortranRows implements RowReader {
    private final ArrayBytes bytes;
    private final int itemSize;
    private final long[] offsets;

    FortranRows(ArrayBytes bytes, long[] shape, int itemSize) {
        this.bytes = bytes;
        this.itemSize = itemSize;
        int elements = 1;
        for (int d = 1; d < shape.length; d++) {
            elements = Math.multiplyExact(elements, (int) shape[d]);
        }
        offsets = new long[elements];
        int[] index = new int[shape.length];
        for (int t = 0; t < elements; t++) {
            long linear = 0;
            for (int d = shape.length - 1; d >= 1; d--) {
                linear = linear * shape[d] + index[d];
            }
            offsets[t] = linear * shape[0];
            for (int d = shape.length - 1; d >= 1; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    @Override
    public void read(long row, byte[] target, int offset) throws IOException {
        for (int t = 0; t < offsets.length; t++) {
            bytes.get((row + offsets[t]) * itemSize, target, offset + t * itemSize, itemSize);
        }
    }
}

package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;

import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

/**
 * org.jetbrains.bio:npy, an independent reader, agrees with ours on every fixture array it can read
 * (signed integers, f4/f8, bools, C order; it reads unsigned as signed, so u1 is compared bitwise).
 */
class SecondReaderTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dtypes_stored.npz",
                "dtypes_compressed.npz",
                "onehot.npz",
                "data_descriptors.npz"
            })
    void valuesEqualTheSecondReader(String file) throws Exception {
        var path = Fixtures.file(file);
        int compared = 0;
        try (NpzShard shard = NpzShard.open(path.toString());
                NpzFile.Reader other = NpzFile.read(path)) {
            for (NpyArray array : shard.arrays()) {
                DType dtype = array.dtype();
                if (!supportedByOther(dtype) || array.header().fortranOrder()) {
                    continue;
                }
                byte[] ours = concatenatedRows(array);
                var theirs = other.get(array.name(), Integer.MAX_VALUE);
                int n = ours.length / dtype.itemSize();
                ByteBuffer b = ByteBuffer.wrap(ours).order(dtype.order());
                switch (dtype.itemSize() + ":" + dtype.kind()) {
                    case "1:INT", "1:UINT" -> assertThat(ours).isEqualTo(theirs.asByteArray());
                    case "1:BOOL" -> {
                        boolean[] bools = theirs.asBooleanArray();
                        for (int i = 0; i < n; i++) {
                            assertThat(bools[i]).isEqualTo(ours[i] != 0);
                        }
                    }
                    case "2:INT" -> assertThat(toShorts(b, n)).isEqualTo(theirs.asShortArray());
                    case "4:INT" -> assertThat(toInts(b, n)).isEqualTo(theirs.asIntArray());
                    case "8:INT" -> assertThat(toLongs(b, n)).isEqualTo(theirs.asLongArray());
                    case "4:FLOAT" ->
                            assertThat(toInts(b, n)).isEqualTo(floatBits(theirs.asFloatArray()));
                    case "8:FLOAT" ->
                            assertThat(toLongs(b, n)).isEqualTo(doubleBits(theirs.asDoubleArray()));
                    default -> throw new AssertionError("unexpected " + dtype);
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(0);
    }

    private static boolean supportedByOther(DType d) {
        return switch (d.kind()) {
            case BOOL -> true;
            case INT -> true;
            case UINT -> d.itemSize() == 1;
            case FLOAT -> d.itemSize() >= 4;
            default -> false;
        };
    }

    private static byte[] concatenatedRows(NpyArray array) throws java.io.IOException {
        byte[] all = new byte[(int) (array.rows() * array.rowBytes())];
        RowReader rows = array.openRows();
        for (int r = 0; r < array.rows(); r++) {
            rows.read(r, all, r * array.rowBytes());
        }
        return all;
    }

    private static short[] toShorts(ByteBuffer b, int n) {
        short[] out = new short[n];
        b.asShortBuffer().get(out);
        return out;
    }

    private static int[] toInts(ByteBuffer b, int n) {
        int[] out = new int[n];
        b.asIntBuffer().get(out);
        return out;
    }

    private static long[] toLongs(ByteBuffer b, int n) {
        long[] out = new long[n];
        b.asLongBuffer().get(out);
        return out;
    }

    private static int[] floatBits(float[] f) {
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    private static long[] doubleBits(double[] d) {
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Double.doubleToRawLongBits(d[i]);
        }
        return out;
    }
}

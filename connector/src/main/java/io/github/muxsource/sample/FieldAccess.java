package io.github.muxsource.sample;

import io.github.muxsource.npz.DType;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The typed accessors of {@link SampleView}: each widens or keeps a value exactly and refuses a
 * dtype it would narrow, naming the field, its dtype and the accessor that fits.
 *
 * <p>Exact fits: int holds b1, i1, u1, i2, u2, i4; long also u4, i8, M8, m8, and u8 as its
 * two's-complement bits ({@link Long#toUnsignedString(long)} reads it); float holds b1, i1, u1, i2,
 * u2, f2, f4; double also i4, u4, f8. Complex values and strings have no numeric accessor.
 */
@Internal
final class FieldAccess {
    private FieldAccess() {}

    static int[] ints(FieldLayout layout, int field, byte[] data) {
        return ints(layout, field, data, 0, data.length);
    }

    static int[] ints(FieldLayout layout, int field, byte[] data, int offset, int length) {
        DType dtype = check(layout, field, "getInts", FieldAccess::fitsInt);
        int[] out = new int[length / dtype.itemSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) dtype.getLong(data, offset, i);
        }
        return out;
    }

    static long[] longs(FieldLayout layout, int field, byte[] data) {
        return longs(layout, field, data, 0, data.length);
    }

    static long[] longs(FieldLayout layout, int field, byte[] data, int offset, int length) {
        DType dtype = check(layout, field, "getLongs", FieldAccess::fitsLong);
        long[] out = new long[length / dtype.itemSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.getLong(data, offset, i);
        }
        return out;
    }

    static float[] floats(FieldLayout layout, int field, byte[] data) {
        return floats(layout, field, data, 0, data.length);
    }

    static float[] floats(FieldLayout layout, int field, byte[] data, int offset, int length) {
        DType dtype = check(layout, field, "getFloats", FieldAccess::fitsFloat);
        float[] out = new float[length / dtype.itemSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) dtype.getDouble(data, offset, i);
        }
        return out;
    }

    static double[] doubles(FieldLayout layout, int field, byte[] data) {
        return doubles(layout, field, data, 0, data.length);
    }

    static double[] doubles(FieldLayout layout, int field, byte[] data, int offset, int length) {
        DType dtype = check(layout, field, "getDoubles", FieldAccess::fitsDouble);
        double[] out = new double[length / dtype.itemSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.getDouble(data, offset, i);
        }
        return out;
    }

    static long longAt(FieldLayout layout, int field, byte[] data, int index) {
        return longAt(layout, field, data, 0, index);
    }

    static long longAt(FieldLayout layout, int field, byte[] data, int offset, int index) {
        return check(layout, field, "getLong", FieldAccess::fitsLong).getLong(data, offset, index);
    }

    static double doubleAt(FieldLayout layout, int field, byte[] data, int index) {
        return doubleAt(layout, field, data, 0, index);
    }

    static double doubleAt(FieldLayout layout, int field, byte[] data, int offset, int index) {
        DType dtype = check(layout, field, "getDouble", FieldAccess::fitsDouble);
        return dtype.getDouble(data, offset, index);
    }

    static String stringAt(FieldLayout layout, int field, byte[] data, int index) {
        return stringAt(layout, field, data, 0, index);
    }

    static String stringAt(FieldLayout layout, int field, byte[] data, int offset, int index) {
        DType dtype = layout.dtype(field);
        if (dtype.kind() != DType.Kind.BYTES && dtype.kind() != DType.Kind.UNICODE) {
            throw refusal(layout, field, "getString");
        }
        return dtype.getString(data, offset, index);
    }

    private interface Fit {
        boolean test(DType.Kind kind, int itemSize);
    }

    private static DType check(FieldLayout layout, int field, String accessor, Fit fit) {
        DType dtype = layout.dtype(field);
        if (!fit.test(dtype.kind(), dtype.itemSize())) {
            throw refusal(layout, field, accessor);
        }
        return dtype;
    }

    private static IllegalArgumentException refusal(
            FieldLayout layout, int field, String accessor) {
        DType dtype = layout.dtype(field);
        return new IllegalArgumentException(
                accessor
                        + "(\""
                        + layout.name(field)
                        + "\"): field '"
                        + layout.name(field)
                        + "' has dtype "
                        + dtype.descr()
                        + ", which "
                        + accessor
                        + " cannot hold exactly; use "
                        + fitting(dtype.kind(), dtype.itemSize()));
    }

    /** The accessors that hold a dtype exactly, for the refusal message. */
    private static String fitting(DType.Kind kind, int itemSize) {
        switch (kind) {
            case COMPLEX:
                return "bytes(...) (real and imaginary parts interleaved)";
            case BYTES:
            case UNICODE:
                return "getString";
            default:
                break;
        }
        List<String> fits = new ArrayList<>();
        if (fitsInt(kind, itemSize)) {
            fits.add("getInts");
        }
        if (fitsLong(kind, itemSize)) {
            fits.add("getLongs");
        }
        if (fitsFloat(kind, itemSize)) {
            fits.add("getFloats");
        }
        if (fitsDouble(kind, itemSize)) {
            fits.add("getDoubles");
        }
        return String.join(" or ", fits);
    }

    private static boolean fitsInt(DType.Kind kind, int itemSize) {
        return switch (kind) {
            case BOOL -> true;
            case INT -> itemSize <= 4;
            case UINT -> itemSize <= 2;
            default -> false;
        };
    }

    private static boolean fitsLong(DType.Kind kind, int itemSize) {
        return switch (kind) {
            case BOOL, INT, UINT, DATETIME, TIMEDELTA -> true;
            default -> false;
        };
    }

    private static boolean fitsFloat(DType.Kind kind, int itemSize) {
        return switch (kind) {
            case BOOL -> true;
            case INT, UINT -> itemSize <= 2;
            case FLOAT -> itemSize <= 4;
            default -> false;
        };
    }

    private static boolean fitsDouble(DType.Kind kind, int itemSize) {
        return switch (kind) {
            case BOOL, FLOAT -> true;
            case INT, UINT -> itemSize <= 4;
            default -> false;
        };
    }
}

package io.github.muxsource.npz;

import java.nio.ByteOrder;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy dtype of the kinds numpy writes for plain data arrays, parsed from its {@code descr}
 * string (e.g. {@code <u1}, {@code >f8}, {@code <U10}, {@code <M8[ns]}).
 *
 * <p>Object ({@code |O}) and structured dtypes are refused. Values are kept as raw bytes in the
 * file's byte order; the accessors here decode single elements at the record boundary.
 */
public final class DType {

    /** The family of a dtype; together with the item size it says how to read an element. */
    public enum Kind {
        /** {@code b1}: one byte, zero is false. */
        BOOL,
        /** {@code i1 i2 i4 i8}: two's-complement signed integers. */
        INT,
        /** {@code u1 u2 u4 u8}: unsigned integers; Java reads them widened. */
        UINT,
        /** {@code f2 f4 f8}: IEEE 754 half, single and double precision. */
        FLOAT,
        /** {@code c8 c16}: a pair of f4 or f8, real part first. */
        COMPLEX,
        /** {@code S<n>}: n bytes, zero-padded. */
        BYTES,
        /** {@code U<n>}: n UTF-32 code points, zero-padded. */
        UNICODE,
        /** {@code M8[unit]}: int64 count of units since the epoch. */
        DATETIME,
        /** {@code m8[unit]}: int64 count of units. */
        TIMEDELTA
    }

    private static final Pattern DESCR =
            Pattern.compile("([<>|=])([?bBiufcSUaMmOVv])(\\d*)(?:\\[(\\w+)\\])?");

    private final String descr;
    private final Kind kind;
    private final int itemSize;
    private final ByteOrder order;
    private final String unit;

    private DType(String descr, Kind kind, int itemSize, ByteOrder order, String unit) {
        this.descr = descr.intern(); // the same few descrs in every open shard
        this.kind = kind;
        this.itemSize = itemSize;
        this.order = order;
        this.unit = unit;
    }

    /**
     * Parses a descr string as numpy writes it in an NPY header.
     *
     * @throws IllegalArgumentException naming the descr and why it is refused
     */
    public static DType parse(String descr) {
        Matcher m = DESCR.matcher(descr);
        if (!m.matches()) {
            throw new IllegalArgumentException("unsupported dtype descr '" + descr + "'");
        }
        char orderChar = m.group(1).charAt(0);
        char code = m.group(2).charAt(0);
        String digits = m.group(3);
        String unit = m.group(4);
        int size = digits.isEmpty() ? -1 : parseSize(descr, digits);
        ByteOrder order = orderChar == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Kind kind;
        switch (code) {
            case 'b':
                if (size != 1) {
                    throw refused(descr, "a bool must be b1");
                }
                kind = Kind.BOOL;
                break;
            case 'i':
            case 'u':
                if (size != 1 && size != 2 && size != 4 && size != 8) {
                    throw refused(descr, "integers must be 1, 2, 4 or 8 bytes");
                }
                kind = code == 'i' ? Kind.INT : Kind.UINT;
                break;
            case 'f':
                if (size != 2 && size != 4 && size != 8) {
                    throw refused(descr, "floats must be f2, f4 or f8 (no long double)");
                }
                kind = Kind.FLOAT;
                break;
            case 'c':
                if (size != 8 && size != 16) {
                    throw refused(descr, "complex must be c8 or c16");
                }
                kind = Kind.COMPLEX;
                break;
            case 'S':
                if (size < 1) {
                    throw refused(descr, "S needs a positive length");
                }
                kind = Kind.BYTES;
                break;
            case 'U':
                if (size < 1 || size > Integer.MAX_VALUE / 4) {
                    throw refused(descr, "U needs a positive length");
                }
                kind = Kind.UNICODE;
                size *= 4;
                break;
            case 'M':
            case 'm':
                // numpy writes a bare M8/m8 for the generic unit (e.g. an all-NaT array).
                if (size != 8) {
                    throw refused(descr, "datetime and timedelta must be M8[unit] or m8[unit]");
                }
                kind = code == 'M' ? Kind.DATETIME : Kind.TIMEDELTA;
                break;
            case 'O':
                throw refused(
                        descr,
                        "object arrays are not supported (they hold pickled Python objects)");
            case 'V':
            case 'v':
                throw refused(descr, "structured/void dtypes are not supported");
            default:
                throw refused(descr, "dtype kind '" + code + "' is not supported");
        }
        if (unit != null && kind != Kind.DATETIME && kind != Kind.TIMEDELTA) {
            throw refused(descr, "only M8 and m8 take a [unit]");
        }
        if (orderChar == '|' && size > 1 && kind != Kind.BYTES) {
            throw refused(descr, "a multi-byte dtype needs a byte order");
        }
        if (orderChar == '>' && (size == 1 || kind == Kind.BYTES)) {
            order = ByteOrder.LITTLE_ENDIAN;
        }
        return new DType(descr, kind, size, order, unit);
    }

    private static int parseSize(String descr, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw refused(descr, "item size out of range");
        }
    }

    private static IllegalArgumentException refused(String descr, String why) {
        return new IllegalArgumentException("unsupported dtype '" + descr + "': " + why);
    }

    /** The descr exactly as read, e.g. {@code <u2}. */
    public String descr() {
        return descr;
    }

    public Kind kind() {
        return kind;
    }

    /** Bytes per element (for {@code U<n>}, 4n). */
    public int itemSize() {
        return itemSize;
    }

    /** The byte order of the raw bytes; little-endian for single-byte and byte-string kinds. */
    public ByteOrder order() {
        return order;
    }

    /**
     * The datetime unit of {@code M8}/{@code m8} (e.g. {@code ns}, {@code 10s}); {@code null} for
     * numpy's generic unit and for other kinds.
     */
    public String unit() {
        return unit;
    }

    /**
     * Element {@code index} of {@code data} as a long: integers (unsigned widened; u8 above 2^63 as
     * its two's-complement bits), bools as 0/1, datetimes and timedeltas as their count.
     */
    public long getLong(byte[] data, int index) {
        return getLong(data, 0, index);
    }

    /** Element {@code index} of the elements starting at {@code data[offset]}; see above. */
    public long getLong(byte[] data, int offset, int index) {
        int at = offset + index * itemSize;
        return switch (kind) {
            case BOOL -> data[at] != 0 ? 1 : 0;
            case INT, DATETIME, TIMEDELTA -> signed(data, at);
            case UINT -> unsigned(data, at);
            case FLOAT -> (long) getDouble(data, offset, index);
            case COMPLEX, BYTES, UNICODE ->
                    throw new UnsupportedOperationException(descr + " has no long value");
        };
    }

    /** Element {@code index} as a double (f2 widened exactly; complex: its real part). */
    public double getDouble(byte[] data, int index) {
        return getDouble(data, 0, index);
    }

    /** Element {@code index} of the elements starting at {@code data[offset]}; see above. */
    public double getDouble(byte[] data, int offset, int index) {
        int at = offset + index * itemSize;
        return switch (kind) {
            case FLOAT -> floatAt(data, at, itemSize);
            case COMPLEX -> floatAt(data, at, itemSize / 2);
            case UINT ->
                    itemSize == 8
                            ? unsignedToDouble(unsigned(data, at))
                            : (double) unsigned(data, at);
            case BOOL, INT, DATETIME, TIMEDELTA -> (double) getLong(data, offset, index);
            case BYTES, UNICODE ->
                    throw new UnsupportedOperationException(descr + " has no numeric value");
        };
    }

    /** Element {@code index} of a string kind, with numpy's trailing zero padding removed. */
    public String getString(byte[] data, int index) {
        return getString(data, 0, index);
    }

    /** Element {@code index} of the elements starting at {@code data[offset]}; see above. */
    public String getString(byte[] data, int offset, int index) {
        int at = offset + index * itemSize;
        if (kind == Kind.BYTES) {
            int end = at + itemSize;
            while (end > at && data[end - 1] == 0) {
                end--;
            }
            return new String(data, at, end - at, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (kind == Kind.UNICODE) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < itemSize / 4; i++) {
                int cp = (int) unsigned4(data, at + 4 * i);
                if (cp == 0) {
                    break;
                }
                s.appendCodePoint(cp);
            }
            return s.toString();
        }
        throw new UnsupportedOperationException(descr + " is not a string dtype");
    }

    private double floatAt(byte[] data, int at, int size) {
        return switch (size) {
            case 2 -> halfToFloat((short) unsigned(data, at, 2));
            case 4 -> Float.intBitsToFloat((int) unsigned(data, at, 4));
            default -> Double.longBitsToDouble(unsigned(data, at, 8));
        };
    }

    private long signed(byte[] data, int at) {
        long v = unsigned(data, at);
        int shift = 64 - 8 * itemSize;
        return (v << shift) >> shift;
    }

    private long unsigned(byte[] data, int at) {
        return unsigned(data, at, itemSize);
    }

    private long unsigned4(byte[] data, int at) {
        return unsigned(data, at, 4);
    }

    private long unsigned(byte[] data, int at, int size) {
        long v = 0;
        if (order == ByteOrder.LITTLE_ENDIAN) {
            for (int i = size - 1; i >= 0; i--) {
                v = (v << 8) | (data[at + i] & 0xFF);
            }
        } else {
            for (int i = 0; i < size; i++) {
                v = (v << 8) | (data[at + i] & 0xFF);
            }
        }
        return v;
    }

    private static double unsignedToDouble(long bits) {
        double d = (double) (bits >>> 1) * 2.0;
        return d + (bits & 1);
    }

    /** IEEE 754 binary16 to float, exact (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DType && ((DType) o).descr.equals(descr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(descr);
    }

    @Override
    public String toString() {
        return descr;
    }
}

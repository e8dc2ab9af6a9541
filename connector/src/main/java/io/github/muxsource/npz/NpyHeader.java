package io.github.muxsource.npz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header of one {@code .npy} array: format version, dtype, memory order and shape, and where
 * the data starts.
 *
 * <p>Versions 1.0 (2-byte header length, latin-1), 2.0 (4-byte length) and 3.0 (4-byte length,
 * UTF-8) are read. The header is a Python dict literal with exactly the keys {@code descr}, {@code
 * fortran_order} and {@code shape}.
 */
public final class NpyHeader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Bytes to read to know the header length, whatever the version. */
    static final int PREAMBLE = 12;

    /** numpy refuses larger headers too; protects against a forged length. */
    static final int MAX_HEADER_LENGTH = 1 << 20;

    private final int majorVersion;
    private final DType dtype;
    private final boolean fortranOrder;
    private final long[] shape;
    private final int dataOffset;

    NpyHeader(int majorVersion, DType dtype, boolean fortranOrder, long[] shape, int dataOffset) {
        this.majorVersion = majorVersion;
        this.dtype = dtype;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.dataOffset = dataOffset;
    }

    /**
     * The total header length (magic to the end of the dict) given the first {@link #PREAMBLE}
     * bytes of the entry, or an error message when they are not an NPY preamble.
     */
    static int totalLength(byte[] preamble, int available) {
        if (available < 10 || !Arrays.equals(preamble, 0, 6, MAGIC, 0, 6)) {
            throw new IllegalArgumentException("bad magic: not an .npy array");
        }
        int major = preamble[6] & 0xFF;
        if (major == 1) {
            return 10 + ((preamble[8] & 0xFF) | (preamble[9] & 0xFF) << 8);
        }
        if (major == 2 || major == 3) {
            if (available < 12) {
                throw new IllegalArgumentException("truncated header");
            }
            long length =
                    (preamble[8] & 0xFFL)
                            | (preamble[9] & 0xFFL) << 8
                            | (preamble[10] & 0xFFL) << 16
                            | (preamble[11] & 0xFFL) << 24;
            if (length > MAX_HEADER_LENGTH) {
                throw new IllegalArgumentException("header length " + length + " is implausible");
            }
            return 12 + (int) length;
        }
        throw new IllegalArgumentException(
                "unsupported .npy format version " + major + "." + (preamble[7] & 0xFF));
    }

    /**
     * A header's fields before its dtype is interpreted: what can be told of any array numpy
     * writes, whatever its dtype.
     *
     * @param descr the dtype's descr string, or the raw text of a structured dtype's list
     * @param structured whether the descr is a structured dtype's list of fields
     * @param shape the shape; empty for a 0-d array
     * @param dataOffset bytes from the start of the entry to the first data byte
     */
    record Fields(
            String descr, boolean structured, boolean fortranOrder, long[] shape, int dataOffset) {}

    /**
     * Parses a complete header (magic through the dict) without interpreting the dtype.
     *
     * @throws IllegalArgumentException saying what is wrong, for the caller to wrap with the file
     *     and entry
     */
    static Fields parseFields(byte[] header) {
        int major = header[6] & 0xFF;
        int start = major == 1 ? 10 : 12;
        String text =
                new String(
                        header,
                        start,
                        header.length - start,
                        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        PythonLiteral.Dict dict = PythonLiteral.parseDict(text);
        Object descr = dict.require("descr");
        boolean structured = descr instanceof java.util.List;
        if (!structured && !(descr instanceof String)) {
            throw new IllegalArgumentException("descr must be a string, got " + dict.raw("descr"));
        }
        Object fortran = dict.require("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new IllegalArgumentException("fortran_order must be True or False");
        }
        Object shapeValue = dict.require("shape");
        if (!(shapeValue instanceof long[])) {
            throw new IllegalArgumentException("shape must be a tuple of integers");
        }
        long[] shape = (long[]) shapeValue;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (dict.size() != 3) {
            throw new IllegalArgumentException("header has unexpected keys: " + dict.keys());
        }
        return new Fields(
                structured ? dict.raw("descr") : (String) descr,
                structured,
                (Boolean) fortran,
                shape,
                header.length);
    }

    /**
     * Parses a complete header (magic through the dict), refusing dtypes this reader cannot read.
     *
     * @throws IllegalArgumentException saying what is wrong, for the caller to wrap with the file
     *     and entry
     */
    static NpyHeader parse(byte[] header) {
        Fields fields = parseFields(header);
        if (fields.structured()) {
            throw new IllegalArgumentException(
                    "structured dtypes are not supported (descr is " + fields.descr() + ")");
        }
        DType dtype = DType.parse(fields.descr());
        return new NpyHeader(
                header[6] & 0xFF,
                dtype,
                fields.fortranOrder(),
                fields.shape(),
                fields.dataOffset());
    }

    /**
     * Serializes a version 1.0 header (2.0 if it would not fit), padded to 64 bytes as numpy does.
     */
    public static byte[] write(String descr, boolean fortranOrder, long[] shape) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(descr).append("', 'fortran_order': ");
        dict.append(fortranOrder ? "True" : "False").append(", 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dict.append(',');
            }
            if (i < shape.length - 1) {
                dict.append(' ');
            }
        }
        dict.append("), }");
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int preamble = text.length + 1 + 10 <= 0xFFFF ? 10 : 12;
        int total = preamble + text.length + 1;
        int padded = (total + 63) / 64 * 64;
        byte[] out = new byte[padded];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = (byte) (preamble == 10 ? 1 : 2);
        int length = padded - preamble;
        out[8] = (byte) length;
        out[9] = (byte) (length >>> 8);
        if (preamble == 12) {
            out[10] = (byte) (length >>> 16);
            out[11] = (byte) (length >>> 24);
        }
        System.arraycopy(text, 0, out, preamble, text.length);
        Arrays.fill(out, preamble + text.length, padded - 1, (byte) ' ');
        out[padded - 1] = '\n';
        return out;
    }

    /** The format's major version: 1, 2 or 3. */
    public int majorVersion() {
        return majorVersion;
    }

    public DType dtype() {
        return dtype;
    }

    /** Whether the data is stored column-major (Fortran order). */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** The shape; a copy. */
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes from the start of the entry to the first data byte. */
    public int dataOffset() {
        return dataOffset;
    }

    /** Elements in the whole array, or -1 when the count overflows a long. */
    long elementCount() {
        long count = 1;
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return count;
    }
}

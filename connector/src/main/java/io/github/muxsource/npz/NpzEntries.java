package io.github.muxsource.npz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes every array of an {@code .npz} that numpy can load without pickle, whether or not it
 * could serve as a shard: 0-d arrays, any shape, and any dtype (also ones this reader cannot
 * decode, such as {@code <f16} long double, or structured ones, whose bytes it only hashes). Object
 * arrays ({@code |O}) are refused as elsewhere: they hold pickled Python objects.
 */
public final class NpzEntries {
    /** Simple descrs, whose item size is their digits (times 4 for {@code U}). */
    private static final Pattern SIMPLE = Pattern.compile("[<>|=]([a-zA-Z?])(\\d+)(?:\\[\\w+\\])?");

    private static final int CHUNK = 1 << 16;

    /**
     * One array as numpy sees it.
     *
     * @param descr the dtype's descr, or the raw text of a structured dtype's field list
     * @param shape the shape; empty for a 0-d array
     * @param sha256 hex sha256 of the array's bytes in C order in the file's byte order, what
     *     {@code hashlib.sha256(np.ascontiguousarray(a).tobytes())} gives
     */
    public record Entry(
            String name,
            String descr,
            long[] shape,
            boolean fortranOrder,
            boolean compressed,
            String sha256) {}

    private NpzEntries() {}

    /** Every entry of the archive at {@code location}, in archive order. */
    public static List<Entry> describe(String location) throws IOException {
        try (ByteSource file = ByteSource.open(location)) {
            List<Entry> entries = new ArrayList<>();
            for (ZipEntryInfo entry : ZipDirectory.read(file)) {
                if (!entry.name().endsWith(".npy")) {
                    throw new NpzFormatException(
                            location, entry.name(), "entry is not an .npy array");
                }
                NpyHeader.Fields header = NpyArray.readHeaderFields(file, entry);
                if (header.structured()
                        ? header.descr().contains("O'")
                        : isObject(header.descr())) {
                    throw new NpzFormatException(
                            location,
                            entry.name(),
                            "unsupported dtype '"
                                    + header.descr()
                                    + "': object arrays are not supported (they hold pickled"
                                    + " Python objects)");
                }
                entries.add(
                        new Entry(
                                entry.name().substring(0, entry.name().length() - 4),
                                header.descr(),
                                header.shape(),
                                header.fortranOrder(),
                                entry.compressed(),
                                sha256(file, entry, header)));
            }
            return entries;
        }
    }

    private static boolean isObject(String descr) {
        return descr.length() > 1 && descr.charAt(1) == 'O';
    }

    private static String sha256(ByteSource file, ZipEntryInfo entry, NpyHeader.Fields header)
            throws IOException {
        long elements = 1;
        for (long d : header.shape()) {
            elements = multiply(file, entry, elements, d);
        }
        long available = entry.uncompressedSize() - header.dataOffset();
        long itemSize = itemSize(header, elements, available);
        long bytes = multiply(file, entry, elements, itemSize);
        if (bytes > available) {
            throw new NpzFormatException(
                    file.location(),
                    entry.name(),
                    "shape needs "
                            + bytes
                            + " bytes but the entry holds "
                            + Math.max(available, 0));
        }
        MessageDigest digest = newDigest();
        try (InputStream in = NpyArray.uncompressed(file, entry)) {
            in.skipNBytes(header.dataOffset());
            if (header.fortranOrder() && header.shape().length > 1 && bytes > 0) {
                if (bytes > Integer.MAX_VALUE - 8) {
                    throw new NpzFormatException(
                            file.location(),
                            entry.name(),
                            "a Fortran-ordered array past 2 GiB cannot be hashed in C order");
                }
                byte[] data = in.readNBytes((int) bytes);
                if (data.length != bytes) {
                    throw new EOFException("truncated array data");
                }
                hashInCOrder(digest, data, header.shape(), (int) itemSize);
            } else {
                byte[] chunk = new byte[CHUNK];
                for (long left = bytes; left > 0; ) {
                    int n = in.readNBytes(chunk, 0, (int) Math.min(CHUNK, left));
                    if (n == 0) {
                        throw new EOFException("truncated array data");
                    }
                    digest.update(chunk, 0, n);
                    left -= n;
                }
            }
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new NpzFormatException(
                    file.location(), entry.name(), "corrupt or truncated data: " + e.getMessage());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** From the descr when it is simple; else (structured) the data bytes over the elements. */
    private static long itemSize(NpyHeader.Fields header, long elements, long available) {
        Matcher m = header.structured() ? null : SIMPLE.matcher(header.descr());
        if (m != null && m.matches()) {
            long digits = Long.parseLong(m.group(2));
            return m.group(1).equals("U") ? 4 * digits : digits;
        }
        return elements == 0 ? 0 : Math.max(available, 0) / elements;
    }

    /** Feeds a Fortran-ordered array's elements to {@code digest} in C order. */
    private static void hashInCOrder(
            MessageDigest digest, byte[] data, long[] shape, int itemSize) {
        int rank = shape.length;
        long[] fortranStride = new long[rank];
        long stride = 1;
        for (int k = 0; k < rank; k++) {
            fortranStride[k] = stride;
            stride *= shape[k];
        }
        long[] index = new long[rank];
        for (long n = 0; n < stride; n++) {
            long offset = 0;
            for (int k = 0; k < rank; k++) {
                offset += index[k] * fortranStride[k];
            }
            digest.update(data, (int) (offset * itemSize), itemSize);
            for (int k = rank - 1; k >= 0 && ++index[k] == shape[k]; k--) {
                index[k] = 0;
            }
        }
    }

    private static long multiply(ByteSource file, ZipEntryInfo entry, long a, long b)
            throws NpzFormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new NpzFormatException(file.location(), entry.name(), "shape overflows");
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

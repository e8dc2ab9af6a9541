package io.github.muxsource.npz;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ZIP archive's index: the central directory (ZIP64 aware), then each entry's local header
 * to find where its data starts.
 *
 * <p>Sizes come from the central directory, never from local headers: numpy writes ZIP64 local
 * headers with placeholder sizes, and archives written to a non-seekable stream carry data
 * descriptors with zero sizes in the local header.
 */
final class ZipDirectory {
    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final long UINT32_MAX = 0xFFFFFFFFL;

    /** More entries than any NPZ has; guards against a forged count. */
    private static final long MAX_ENTRIES = 1 << 20;

    private ZipDirectory() {}

    static List<ZipEntryInfo> read(ByteSource file) throws IOException {
        String where = file.location();
        long size = file.size();
        if (size == 0) {
            throw new NpzFormatException(where, null, "empty file, not a zip archive");
        }
        if (size < EOCD_SIZE) {
            throw new NpzFormatException(where, null, "not a zip archive (" + size + " bytes)");
        }
        int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
        long tailStart = size - tailLength;
        ByteBuffer tail = read(file, tailStart, tailLength);
        int eocd = findEndOfCentralDirectory(tail);
        if (eocd < 0) {
            throw new NpzFormatException(
                    where, null, "not a zip archive or truncated (no end of central directory)");
        }
        long entries = u16(tail, eocd + 10);
        long directorySize = u32(tail, eocd + 12);
        long directoryOffset = u32(tail, eocd + 16);
        if (entries == 0xFFFF || directorySize == UINT32_MAX || directoryOffset == UINT32_MAX) {
            long locator = tailStart + eocd - 20;
            if (locator < 0) {
                throw new NpzFormatException(where, null, "truncated ZIP64 end of directory");
            }
            ByteBuffer loc = read(file, locator, 20);
            if (loc.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                throw new NpzFormatException(where, null, "missing ZIP64 end of directory locator");
            }
            long zip64Eocd = loc.getLong(8);
            if (zip64Eocd < 0 || zip64Eocd + 56 > size) {
                throw new NpzFormatException(where, null, "ZIP64 end of directory out of bounds");
            }
            ByteBuffer z = read(file, zip64Eocd, 56);
            if (z.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                throw new NpzFormatException(where, null, "bad ZIP64 end of directory signature");
            }
            entries = z.getLong(32);
            directorySize = z.getLong(40);
            directoryOffset = z.getLong(48);
        }
        if (entries < 0 || entries > MAX_ENTRIES) {
            throw new NpzFormatException(where, null, "implausible entry count " + entries);
        }
        if (directoryOffset < 0
                || directorySize < 0
                || directorySize > Integer.MAX_VALUE
                || directoryOffset + directorySize > size) {
            throw new NpzFormatException(
                    where, null, "truncated: central directory lies past the end of the file");
        }
        ByteBuffer directory = read(file, directoryOffset, (int) directorySize);
        List<ZipEntryInfo> result = new ArrayList<>((int) Math.min(entries, 1024));
        int at = 0;
        for (long i = 0; i < entries; i++) {
            result.add(readEntry(file, directory, at));
            at += 46 + u16(directory, at + 28) + u16(directory, at + 30) + u16(directory, at + 32);
        }
        return result;
    }

    private static ZipEntryInfo readEntry(ByteSource file, ByteBuffer dir, int at)
            throws IOException {
        String where = file.location();
        if (at + 46 > dir.limit() || dir.getInt(at) != CENTRAL_SIGNATURE) {
            throw new NpzFormatException(
                    where, null, "corrupt central directory at entry offset " + at);
        }
        int method = u16(dir, at + 10);
        long compressedSize = u32(dir, at + 20);
        long uncompressedSize = u32(dir, at + 24);
        int nameLength = u16(dir, at + 28);
        int extraLength = u16(dir, at + 30);
        long localOffset = u32(dir, at + 42);
        if (at + 46 + nameLength + extraLength > dir.limit()) {
            throw new NpzFormatException(where, null, "corrupt central directory (name past end)");
        }
        byte[] nameBytes = new byte[nameLength];
        dir.get(at + 46, nameBytes);
        // Interned: every shard of a dataset names the same entries, and many shards stay open.
        String name = new String(nameBytes, StandardCharsets.UTF_8).intern();

        // ZIP64 extra field: only the values that overflowed are present, in this fixed order.
        int extra = at + 46 + nameLength;
        int extraEnd = extra + extraLength;
        while (extra + 4 <= extraEnd) {
            int id = u16(dir, extra);
            int length = u16(dir, extra + 2);
            int field = extra + 4;
            if (field + length > extraEnd) {
                throw new NpzFormatException(
                        where, name, "corrupt extra field in central directory");
            }
            if (id == 0x0001) {
                int end = field + length;
                if (uncompressedSize == UINT32_MAX && field + 8 <= end) {
                    uncompressedSize = dir.getLong(field);
                    field += 8;
                }
                if (compressedSize == UINT32_MAX && field + 8 <= end) {
                    compressedSize = dir.getLong(field);
                    field += 8;
                }
                if (localOffset == UINT32_MAX && field + 8 <= end) {
                    localOffset = dir.getLong(field);
                }
            }
            extra += 4 + length;
        }
        if (method != 0 && method != 8) {
            throw new NpzFormatException(
                    where,
                    name,
                    "unsupported zip compression method " + method + " (only stored and deflate)");
        }
        if (compressedSize < 0 || uncompressedSize < 0 || localOffset < 0) {
            throw new NpzFormatException(where, name, "corrupt sizes in central directory");
        }
        if (localOffset + 30 > file.size()) {
            throw new NpzFormatException(
                    where, name, "truncated: local header past the end of the file");
        }
        ByteBuffer local = read(file, localOffset, 30);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw new NpzFormatException(where, name, "bad local header signature");
        }
        long dataOffset = localOffset + 30 + u16(local, 26) + u16(local, 28);
        if (dataOffset + compressedSize > file.size()) {
            throw new NpzFormatException(
                    where,
                    name,
                    "truncated: entry data needs "
                            + compressedSize
                            + " bytes at offset "
                            + dataOffset
                            + " but the file has "
                            + file.size());
        }
        if (method == 0 && compressedSize != uncompressedSize) {
            throw new NpzFormatException(where, name, "stored entry with differing sizes");
        }
        return new ZipEntryInfo(name, method == 8, dataOffset, compressedSize, uncompressedSize);
    }

    private static int findEndOfCentralDirectory(ByteBuffer tail) {
        for (int i = tail.limit() - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIGNATURE
                    && i + EOCD_SIZE + u16(tail, i + 20) == tail.limit()) {
                return i;
            }
        }
        // Tolerate trailing garbage after the comment only if the signature is unique.
        for (int i = tail.limit() - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIGNATURE) {
                return i;
            }
        }
        return -1;
    }

    private static ByteBuffer read(ByteSource file, long position, int length) throws IOException {
        byte[] bytes = new byte[length];
        try {
            file.readFully(position, bytes, 0, length);
        } catch (EOFException e) {
            throw new NpzFormatException(file.location(), null, "truncated zip archive", e);
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}

package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An archive past 4 GiB with one stored entry past 2 GiB, written as numpy writes ZIP64 (local
 * header sizes 0xFFFFFFFF with a ZIP64 extra field; ZIP64 end records). The data is a sparse file,
 * so the test costs megabytes of disk, not gigabytes; marker rows are real bytes. Python's zipfile
 * checks the structure independently.
 */
class Zip64Test {
    /** Bytes per row: 1000 does not divide 1 GiB, so a row straddles the first mapping window. */
    private static final int ROW = 1000;

    private static final long ROWS = 4_300_000L;
    private static final long MARKED_LAST = ROWS - 1;

    /**
     * The row that holds the array's byte 2^30: its first part in window 0, the rest in window 1.
     */
    private static final long MARKED_STRADDLING = (1L << MappedArrayBytes.WINDOW_BITS) / ROW;

    @Test
    void readsRowsOfAStoredEntryPastFourGibibytes(@TempDir Path dir) throws Exception {
        long window = 1L << MappedArrayBytes.WINDOW_BITS;
        assertThat(MARKED_STRADDLING * ROW).isLessThan(window);
        assertThat((MARKED_STRADDLING + 1) * ROW).isGreaterThan(window);
        assertThat(ROWS * ROW).isGreaterThan(4L << 30);
        Path file = dir.resolve("big.npz");
        long headerAt = write(file);

        String check =
                String.join(
                        "\n",
                        "import zipfile, sys",
                        "info = zipfile.ZipFile(sys.argv[1]).infolist()[0]",
                        "assert info.filename == 'X.npy' and info.compress_type == zipfile.ZIP_STORED",
                        "print(info.file_size)");
        assertThat(Numpy.run(check, file)).isEqualTo(String.valueOf(headerAt + ROWS * ROW));

        try (NpzShard shard = NpzShard.open(file.toString())) {
            NpyArray x = shard.array("X");
            assertThat(x.rows()).isEqualTo(ROWS);
            RowReader rows = x.openRows();
            byte[] row = new byte[ROW];
            rows.read(MARKED_LAST, row, 0);
            assertThat(row).isEqualTo(marker(MARKED_LAST));
            // Copied in two parts, one from each window: every byte in its place.
            rows.read(MARKED_STRADDLING, row, 0);
            assertThat(row).isEqualTo(marker(MARKED_STRADDLING));
            rows.read(MARKED_STRADDLING - 1, row, 0);
            assertThat(row).containsOnly((byte) 0);
            rows.read(MARKED_STRADDLING + 1, row, 0);
            assertThat(row).containsOnly((byte) 0);
            rows.read(12_345, row, 0);
            assertThat(row).containsOnly((byte) 0);
        }
    }

    /** Writes the archive; returns the NPY header length. */
    private static long write(Path file) throws Exception {
        byte[] name = "X.npy".getBytes(StandardCharsets.US_ASCII);
        byte[] header = NpyHeader.write("|u1", false, new long[] {ROWS, ROW});
        long entrySize = header.length + ROWS * ROW;
        int localLength = 30 + name.length + 20;
        long dataStart = localLength;
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            ByteBuffer local = le(localLength);
            local.putInt(0x04034b50)
                    .putShort((short) 45)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(0)
                    .putInt(-1)
                    .putInt(-1)
                    .putShort((short) name.length)
                    .putShort((short) 20)
                    .put(name)
                    .putShort((short) 1)
                    .putShort((short) 16)
                    .putLong(entrySize)
                    .putLong(entrySize);
            out.write(local.array());
            out.write(header);
            out.seek(dataStart + header.length + MARKED_STRADDLING * ROW);
            out.write(marker(MARKED_STRADDLING));
            out.seek(dataStart + header.length + MARKED_LAST * ROW);
            out.write(marker(MARKED_LAST));

            long central = dataStart + entrySize;
            ByteBuffer dir = le(46 + name.length + 20);
            dir.putInt(0x02014b50)
                    .putShort((short) 45)
                    .putShort((short) 45)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(0)
                    .putInt(-1)
                    .putInt(-1)
                    .putShort((short) name.length)
                    .putShort((short) 20)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(0)
                    .put(name)
                    .putShort((short) 1)
                    .putShort((short) 16)
                    .putLong(entrySize)
                    .putLong(entrySize);
            out.write(dir.array());
            long zip64End = central + dir.capacity();
            ByteBuffer end = le(56 + 20 + 22);
            end.putInt(0x06064b50)
                    .putLong(44)
                    .putShort((short) 45)
                    .putShort((short) 45)
                    .putInt(0)
                    .putInt(0)
                    .putLong(1)
                    .putLong(1)
                    .putLong(dir.capacity())
                    .putLong(central);
            end.putInt(0x07064b50).putInt(0).putLong(zip64End).putInt(1);
            end.putInt(0x06054b50)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 1)
                    .putShort((short) 1)
                    .putInt(dir.capacity())
                    .putInt(-1)
                    .putShort((short) 0);
            out.write(end.array());
        }
        return header.length;
    }

    /** A row whose every byte differs from its neighbours', so a misplaced part shows. */
    private static byte[] marker(long rowIndex) {
        byte[] row = new byte[ROW];
        for (int i = 0; i < ROW; i++) {
            row[i] = (byte) (1 + (i * 31 + rowIndex) % 251);
        }
        return row;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}

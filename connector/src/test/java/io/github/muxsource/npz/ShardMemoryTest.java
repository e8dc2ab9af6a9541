package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.testing.Numpy;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * What an open shard holds: a stored local shard gives its descriptor back as it opens (its arrays
 * are mapped), a small one is read onto the heap instead and then holds no mapping either, and
 * neither changes a byte from what numpy wrote.
 */
class ShardMemoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_stored.npz", "fortran_stored.npz", "v3_header.npz"})
    void aStoredShardIsMappedAndHoldsNoDescriptor(String name) throws Exception {
        try (NpzShard shard = open(name, 0)) {
            assertThat(shard.holdsDescriptor()).as("mapped arrays need no descriptor").isFalse();
            assertThat(shard.mappedBytes()).isEqualTo(dataBytes(shard));
            assertThat(shard.heapBytes()).isZero();
            assertThat(shard.heapRows()).isNull();
            assertRowsAsNumpyWroteThem(name, shard);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_stored.npz", "fortran_stored.npz", "v3_header.npz"})
    void aSmallShardIsReadOntoTheHeapWithEveryByteAsNumpyWroteIt(String name) throws Exception {
        try (NpzShard shard = open(name, Long.MAX_VALUE)) {
            assertThat(shard.holdsDescriptor()).isFalse();
            assertThat(shard.mappedBytes()).as("nothing mapped").isZero();
            assertThat(shard.heapBytes()).isEqualTo(dataBytes(shard));
            assertRowsAsNumpyWroteThem(name, shard);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_stored.npz", "v3_header.npz"})
    void heapRowsHoldEachArrayAtTheDocumentedPosition(String name) throws Exception {
        try (NpzShard shard = open(name, Long.MAX_VALUE)) {
            byte[] heap = shard.heapRows();
            assertThat(heap).isNotNull().hasSize((int) shard.heapBytes());
            long rowsBefore = 0; // bytes of a row of the arrays before this one
            for (NpyArray array : shard.arrays()) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (long r = 0; r < shard.rows(); r++) {
                    int at = (int) (shard.rows() * rowsBefore + r * array.rowBytes());
                    digest.update(heap, at, array.rowBytes());
                }
                assertThat(HexFormat.of().formatHex(digest.digest()))
                        .as("%s read from heapRows", array.name())
                        .isEqualTo(expectedSha256(name, array.name()));
                rowsBefore += array.rowBytes();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, Long.MAX_VALUE})
    void openShardsOfOneLayoutShareTheirNamesAndDescrs(long heapUpTo, @TempDir Path dir)
            throws Exception {
        // Two files, so that nothing but the parser could make their strings one.
        Path copy = Files.copy(Fixtures.file("dtypes_stored.npz"), dir.resolve("copy.npz"));
        try (NpzShard first = open("dtypes_stored.npz", heapUpTo);
                NpzShard second = openFile(copy, heapUpTo)) {
            for (int i = 0; i < first.arrays().size(); i++) {
                NpyArray a = first.arrays().get(i);
                NpyArray b = second.arrays().get(i);
                assertThat(b.name()).as("array name").isSameAs(a.name());
                assertThat(b.header().dtype().descr())
                        .as("%s descr", a.name())
                        .isSameAs(a.header().dtype().descr());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, LocalFileByteSource.SMALL_SHARD_FILE_BYTES})
    void aClosedFileRefusesReadsAsAClosedChannelDoes(int readWholeUpTo) throws Exception {
        ByteSource file =
                ByteSource.open(Fixtures.file("dtypes_stored.npz").toString(), readWholeUpTo);
        file.readFully(0, new byte[4], 0, 4);
        file.close();
        file.close(); // a second close does nothing
        assertThatThrownBy(() -> file.readFully(0, new byte[4], 0, 4))
                .isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> file.map(0, 4)).isInstanceOf(ClosedChannelException.class);
    }

    /** A file read whole (up to the limit) and one just past it, read through its channel. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aFileAtOrPastTheWholeReadLimitReadsItsBytesAndRefusesToReadPastItsEnd(
            int pastTheLimit, @TempDir Path dir) throws Exception {
        byte[] bytes = new byte[LocalFileByteSource.SMALL_SHARD_FILE_BYTES + pastTheLimit];
        new java.util.Random(pastTheLimit).nextBytes(bytes);
        Path path = Files.write(dir.resolve("bytes.bin"), bytes);
        try (ByteSource file =
                ByteSource.open(path.toString(), LocalFileByteSource.SMALL_SHARD_FILE_BYTES)) {
            byte[] tail = new byte[100];
            file.readFully(bytes.length - 100, tail, 0, 100);
            assertThat(tail)
                    .isEqualTo(
                            java.util.Arrays.copyOfRange(bytes, bytes.length - 100, bytes.length));
            assertThatThrownBy(() -> file.readFully(bytes.length - 50, new byte[100], 0, 100))
                    .isInstanceOf(java.io.EOFException.class)
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("unexpected end of file");
        }
    }

    @Test
    void fortranArraysOnTheHeapHaveNoCOrderedRows() throws Exception {
        try (NpzShard shard = open("fortran_stored.npz", Long.MAX_VALUE)) {
            assertThat(shard.heapBytes()).isPositive();
            assertThat(shard.heapRows()).isNull();
        }
    }

    @Test
    void aShardLargerThanTheHeapLimitIsMapped() throws Exception {
        long bytes;
        try (NpzShard shard = open("dtypes_stored.npz", 0)) {
            bytes = dataBytes(shard);
        }
        try (NpzShard shard = open("dtypes_stored.npz", bytes - 1)) {
            assertThat(shard.heapBytes()).isZero();
            assertThat(shard.mappedBytes()).isEqualTo(bytes);
        }
        try (NpzShard shard = open("dtypes_stored.npz", bytes)) {
            assertThat(shard.heapBytes()).isEqualTo(bytes);
            assertThat(shard.mappedBytes()).isZero();
        }
    }

    @Test
    void aDeflatedShardKeepsItsDescriptorAndNothingMovesOntoTheHeap() throws Exception {
        try (NpzShard shard = open("dtypes_compressed.npz", Long.MAX_VALUE)) {
            assertThat(shard.holdsDescriptor()).isTrue();
            assertThat(shard.mappedBytes()).isZero();
            assertThat(shard.heapBytes()).isZero();
            assertThat(shard.heapRows()).isNull();
        }
    }

    private static NpzShard open(String name, long heapUpTo) throws Exception {
        return NpzShard.open(
                Fixtures.file(name).toString(), SpillSpace.temporary(), List.of(), heapUpTo);
    }

    private static long dataBytes(NpzShard shard) {
        long bytes = 0;
        for (NpyArray array : shard.arrays()) {
            bytes += array.rows() * array.rowBytes();
        }
        return bytes;
    }

    private static void assertRowsAsNumpyWroteThem(String name, NpzShard shard) throws Exception {
        for (NpyArray array : shard.arrays()) {
            assertThat(Fixtures.sha256OfRows(array))
                    .as("%s of %s", array.name(), name)
                    .isEqualTo(expectedSha256(name, array.name()));
        }
    }

    private static String expectedSha256(String file, String array) {
        for (JsonNode e : Fixtures.expected().get(file)) {
            if (e.get("name").asText().equals(array)) {
                return e.get("sha256").asText();
            }
        }
        throw new AssertionError("no array " + array + " in expected.json for " + file);
    }

    /** Arrays that hold no bytes (no rows, or rows of width 0) are placed and read like others. */
    @ParameterizedTest
    @ValueSource(longs = {0, Long.MAX_VALUE})
    void arraysWithoutBytesAreReadAsNumpyWroteThem(long heapUpTo, @TempDir Path dir)
            throws Exception {
        Numpy.run(
                "import sys, numpy as np\n"
                        + "np.savez(sys.argv[1] + '/wide0.npz', E=np.zeros((4, 0), '<f4'),"
                        + " Y=np.arange(4, dtype='<i4') * 7)\n"
                        + "np.savez(sys.argv[1] + '/only0.npz', E=np.zeros((3, 0), '<f8'))\n"
                        + "np.savez(sys.argv[1] + '/rows0.npz', Y=np.zeros((0, 2), '<i4'))\n",
                dir);
        try (NpzShard shard = openFile(dir.resolve("wide0.npz"), heapUpTo)) {
            byte[] none = new byte[0];
            byte[] y = new byte[4];
            for (int r = 0; r < 4; r++) {
                shard.array("E").openRows().read(r, none, 0);
                shard.array("Y").openRows().read(r, y, 0);
                assertThat(ByteBuffer.wrap(y).order(ByteOrder.LITTLE_ENDIAN).getInt())
                        .isEqualTo(7 * r);
            }
        }
        try (NpzShard shard = openFile(dir.resolve("only0.npz"), heapUpTo)) {
            assertThat(shard.rows()).isEqualTo(3);
            shard.array("E").openRows().read(2, new byte[0], 0);
            assertThat(shard.mappedBytes() + shard.heapBytes()).isZero();
        }
        try (NpzShard shard = openFile(dir.resolve("rows0.npz"), heapUpTo)) {
            assertThat(shard.rows()).isZero();
            assertThat(shard.array("Y").openRows()).isNotNull();
        }
    }

    private static NpzShard openFile(Path file, long heapUpTo) throws Exception {
        return NpzShard.open(file.toString(), SpillSpace.temporary(), List.of(), heapUpTo);
    }
}

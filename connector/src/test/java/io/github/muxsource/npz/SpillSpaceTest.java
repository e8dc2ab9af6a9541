package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Random access to deflated arrays goes through a spill file: numpy's bytes on local disk, under
 * the space's budget, deleted when the shard closes.
 */
class SpillSpaceTest {
    /** X: 500 x 3 x 5 big-endian int32, C order; F: 500 x 4 float64, Fortran order. */
    private static final String WRITE =
            String.join(
                    "\n",
                    "import numpy as np, sys, os",
                    "d = sys.argv[1]",
                    "rng = np.random.default_rng(7)",
                    "x = rng.integers(-2**31, 2**31, size=(500, 3, 5)).astype('>i4')",
                    "f = np.asfortranarray(rng.standard_normal((500, 4)))",
                    "np.savez_compressed(os.path.join(d, 'shard.npz'), X=x, F=f)",
                    "open(os.path.join(d, 'X.bin'), 'wb').write(x.tobytes())",
                    "open(os.path.join(d, 'F.bin'), 'wb').write(f.tobytes(order='F'))",
                    "open(os.path.join(d, 'F.rows'), 'wb').write(np.ascontiguousarray(f).tobytes())");

    @TempDir Path data;
    @TempDir Path spill;

    private String shard() throws Exception {
        Numpy.run(WRITE, data);
        return data.resolve("shard.npz").toString();
    }

    private List<Path> spillFiles() throws Exception {
        if (!Files.exists(spill)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spill)) {
            return files.sorted().toList();
        }
    }

    @Test
    void spillFilesHoldNumpysBytesServeRandomRowsAndAreDeletedOnClose() throws Exception {
        String path = shard();
        byte[] x = Files.readAllBytes(data.resolve("X.bin"));
        byte[] f = Files.readAllBytes(data.resolve("F.bin"));
        byte[] fRows = Files.readAllBytes(data.resolve("F.rows"));
        SpillSpace space = new SpillSpace(spill, 1 << 20);
        try (NpzShard shard = NpzShard.open(path, space)) {
            NpyArray xs = shard.array("X");
            RowReader rows = xs.openRows();
            byte[] row = new byte[xs.rowBytes()];
            rows.read(5, row, 0);
            assertThat(spillFiles()).as("forward reads stream, no spill yet").isEmpty();
            for (int r : new int[] {2, 499, 0, 250, 3}) {
                rows.read(r, row, 0);
                assertThat(row)
                        .as("row %d", r)
                        .isEqualTo(Arrays.copyOfRange(x, r * row.length, (r + 1) * row.length));
            }
            NpyArray fs = shard.array("F");
            RowReader fortran = fs.openRows();
            byte[] frow = new byte[fs.rowBytes()];
            for (int r : new int[] {17, 3, 499}) {
                fortran.read(r, frow, 0);
                assertThat(frow)
                        .as("Fortran row %d", r)
                        .isEqualTo(
                                Arrays.copyOfRange(fRows, r * frow.length, (r + 1) * frow.length));
            }

            List<Path> files = spillFiles();
            assertThat(files).hasSize(2);
            List<byte[]> contents = files.stream().map(SpillSpaceTest::bytes).toList();
            assertThat(contents)
                    .anySatisfy(c -> assertThat(c).isEqualTo(x))
                    .anySatisfy(c -> assertThat(c).isEqualTo(f));
            assertThat(space.usedBytes()).isEqualTo(x.length + f.length);
        }
        assertThat(spillFiles()).as("deleted on close").isEmpty();
        assertThat(space.usedBytes()).isZero();
    }

    @Test
    void sequentialReadsOfDeflatedDataStreamWithoutSpilling() throws Exception {
        try (NpzShard shard = NpzShard.open(shard(), new SpillSpace(spill, 0))) {
            NpyArray xs = shard.array("X");
            RowReader rows = xs.openRows();
            byte[] row = new byte[xs.rowBytes()];
            for (long r = 0; r < xs.rows(); r++) {
                rows.read(r, row, 0);
            }
        }
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void aSpillPastTheBudgetIsRefusedNamingTheShardTheBytesAndTheOption() throws Exception {
        String path = shard();
        long needed = 500 * 3 * 5 * 4;
        try (NpzShard shard = NpzShard.open(path, new SpillSpace(spill, needed - 1))) {
            NpyArray xs = shard.array("X");
            RowReader rows = xs.openRows();
            byte[] row = new byte[xs.rowBytes()];
            rows.read(9, row, 0);
            assertThatThrownBy(() -> rows.read(1, row, 0))
                    .isInstanceOf(NpzFormatException.class)
                    .hasMessageStartingWith(path + " [X.npy]: ")
                    .hasMessageContaining("needs a spill file of " + needed + " bytes")
                    .hasMessageContaining("raise maxSpillBytes (--max-spill-bytes)");
        }
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void shardsOpenedWithOneSpaceShareItsBudgetUntilTheyClose() throws Exception {
        String path = shard();
        long xBytes = 500 * 3 * 5 * 4;
        SpillSpace space = new SpillSpace(spill, xBytes + 100);
        byte[] row = new byte[3 * 5 * 4];
        NpzShard first = NpzShard.open(path, space);
        RowReader firstRows = first.array("X").openRows();
        firstRows.read(7, row, 0);
        firstRows.read(3, row, 0);
        assertThat(space.usedBytes()).isEqualTo(xBytes);
        try (NpzShard second = NpzShard.open(path, space)) {
            RowReader rows = second.array("X").openRows();
            rows.read(7, row, 0);
            assertThatThrownBy(() -> rows.read(3, row, 0))
                    .hasMessageContaining("has 100 bytes left");
            first.close();
            assertThat(space.usedBytes()).isZero();
            RowReader again = second.array("X").openRows();
            again.read(7, row, 0);
            again.read(3, row, 0);
            assertThat(spillFiles()).hasSize(1);
        }
        assertThat(spillFiles()).isEmpty();
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files our writer makes are read back by real numpy exactly. */
class NpzWriterTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void numpyReadsBackExactDtypesShapesAndBytes(boolean compress, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("out.npz");
        byte[] x = new byte[3 * 2 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) (250 + i);
        }
        byte[] y = {
            1,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0x7F
        };
        try (NpzWriter w = NpzWriter.create(file, compress, false)) {
            w.add("X", "|u1", new long[] {3, 2, 2}, x);
            w.add("Y", "<i8", new long[] {2}, y);
            w.add("E", "<f4", new long[] {0, 5}, new byte[0]);
            w.commit();
        }
        String check =
                String.join(
                        "\n",
                        "import numpy as np, zipfile, sys",
                        "z = np.load(sys.argv[1])",
                        "assert z['X'].dtype == np.uint8 and z['X'].shape == (3, 2, 2), z['X'].dtype",
                        "assert z['X'].ravel().tolist() == [(250 + i) % 256 for i in range(12)]",
                        "assert z['Y'].dtype == np.int64 and z['Y'].tolist() == [1, 2**63 - 1]",
                        "assert z['E'].dtype == np.float32 and z['E'].shape == (0, 5)",
                        "kinds = {i.compress_type for i in zipfile.ZipFile(sys.argv[1]).infolist()}",
                        "assert kinds == {"
                                + (compress ? "zipfile.ZIP_DEFLATED" : "zipfile.ZIP_STORED")
                                + "}, kinds",
                        "print('ok')");
        assertThat(Numpy.run(check, file)).isEqualTo("ok");
    }

    @Test
    void neverOverwritesUnlessAskedAndLeavesNothingWhenNotCommitted(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("a.npz");
        try (NpzWriter w = NpzWriter.create(file, false, false)) {
            w.add("X", "|u1", new long[] {1}, new byte[] {7});
            // not committed: as if the job crashed
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
        try (NpzWriter w = NpzWriter.create(file, false, false)) {
            w.add("X", "|u1", new long[] {1}, new byte[] {7});
            w.commit();
        }
        assertThatThrownBy(() -> NpzWriter.create(file, false, false))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("refusing to overwrite");
        try (NpzWriter w = NpzWriter.create(file, false, true)) {
            w.add("X", "|u1", new long[] {2}, new byte[] {8, 9});
            w.commit();
        }
        try (NpzShard shard = NpzShard.open(file.toString())) {
            assertThat(shard.rows()).isEqualTo(2);
        }
    }
}

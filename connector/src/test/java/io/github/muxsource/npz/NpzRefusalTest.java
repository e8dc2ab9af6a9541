package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

/** Each bad-input kind is refused with an error naming the file, the entry and the cause. */
class NpzRefusalTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad_truncated.npz        |        | not a zip archive or truncated",
                "bad_truncated_tail.npz   |        | not a zip archive or truncated",
                "bad_not_zip.npz          |        | not a zip archive",
                "bad_empty.npz            |        | empty file",
                "bad_rows.npz             | Y.npy  | row counts differ",
                "bad_object.npz           | X.npy  | object arrays are not supported",
                "bad_structured.npz       | X.npy  | structured dtypes are not supported",
                "bad_0d.npz               | X.npy  | 0-d array",
                "bad_magic.npz            | X.npy  | bad magic",
                "bad_shape.npz            | X.npy  | needs 36 bytes but the entry holds 16",
                "bad_huge_rows.npz        | X.npy  | needs 4000000000000000000 bytes",
                "bad_header_length.npz    | X.npy  | points past the end of the entry",
                "bad_dtype.npz            | X.npy  | unsupported dtype",
            })
    void refusedWithFileEntryAndCause(String file, String entry, String cause) {
        String path = Fixtures.file(file).toString();
        assertThatThrownBy(() -> NpzShard.open(path))
                .isInstanceOf(NpzFormatException.class)
                .hasMessageStartingWith(path)
                .hasMessageContaining(cause)
                .satisfies(e -> assertThat(((NpzFormatException) e).entry()).isEqualTo(entry));
    }

    @Test
    void missingFileIsNamed() {
        String path = Fixtures.dir().resolve("no-such-file.npz").toString();
        assertThatThrownBy(() -> NpzShard.open(path))
                .isInstanceOf(NpzFormatException.class)
                .hasMessage(path + ": no such file");
    }

    @Test
    void deflatedEntryThatInflatesPastItsDeclaredSizeIsRefusedSequentiallyAndRandomly()
            throws IOException {
        String path = Fixtures.file("bad_inflates_more.npz").toString();
        try (NpzShard shard = NpzShard.open(path)) {
            NpyArray x = shard.array("X");
            byte[] row = new byte[x.rowBytes()];
            RowReader sequential = x.openRows();
            for (int r = 0; r < x.rows() - 1; r++) {
                sequential.read(r, row, 0);
            }
            assertThatThrownBy(() -> sequential.read(x.rows() - 1, row, 0))
                    .isInstanceOf(NpzFormatException.class)
                    .hasMessageContaining(path)
                    .hasMessageContaining("inflates to more than the declared entry size");
            RowReader random = x.openRows();
            random.read(3, row, 0);
            assertThatThrownBy(() -> random.read(0, row, 0))
                    .isInstanceOf(NpzFormatException.class)
                    .hasMessageContaining(path)
                    .hasMessageContaining("inflates to more than the declared entry size");
        }
    }

    @Test
    void randomAccessToDeflatedArrayPastTheSpillBudgetIsRefusedClearly(@TempDir Path spill)
            throws IOException {
        String path = Fixtures.file("dtypes_compressed.npz").toString();
        try (NpzShard shard = NpzShard.open(path, new SpillSpace(spill, 16))) {
            NpyArray cube = shard.array("cube");
            RowReader rows = cube.openRows();
            byte[] row = new byte[cube.rowBytes()];
            rows.read(0, row, 0);
            rows.read(1, row, 0);
            assertThatThrownBy(() -> rows.read(0, row, 0))
                    .isInstanceOf(NpzFormatException.class)
                    .hasMessageContaining(path + " [cube.npy]")
                    .hasMessageContaining("spill budget maxSpillBytes=16 has 16 bytes left")
                    .hasMessageContaining("raise maxSpillBytes");
        }
    }
}

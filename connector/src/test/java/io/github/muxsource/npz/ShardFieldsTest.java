package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * Field selection over numpy-written archives holding extras beside their row arrays: a 0-d scalar,
 * an array of another length, a long double and an object array.
 */
class ShardFieldsTest {
    @TempDir static Path dir;
    private static String extras;
    private static String exotic;

    @BeforeAll
    static void writeArchives() throws Exception {
        Numpy.run(
                String.join(
                        "\n",
                        "import sys, os, numpy as np",
                        "d = sys.argv[1]",
                        "np.savez(os.path.join(d, 'extras.npz'),",
                        "    X=np.arange(20, dtype='u1').reshape(5, 4), Y=np.arange(5, dtype='<i8') * 7,",
                        "    s=np.array(3.5), Z=np.arange(3, dtype='<i2'))",
                        "np.savez(os.path.join(d, 'exotic.npz'), X=np.arange(6, dtype='<f4'),",
                        "    L=np.ones(6, dtype=np.longdouble), O=np.array([{'a': 1}, None], dtype=object))"),
                dir);
        extras = dir.resolve("extras.npz").toString();
        exotic = dir.resolve("exotic.npz").toString();
    }

    @Test
    void withoutSelectionExtrasAreNamedAndTheSelectionSuggested() {
        assertThatThrownBy(() -> NpzShard.open(extras))
                .isInstanceOf(NpzFormatException.class)
                .hasMessageStartingWith(extras + " [Z.npy]: row counts differ")
                .hasMessageContaining("X, Y have 5 rows")
                .hasMessageContaining("Z has 3 rows")
                .hasMessageContaining("s 0-d (a scalar, no rows)")
                .hasMessageContaining("--fields X,Y (or .fields(\"X\", \"Y\"))");
    }

    @Test
    void selectedArraysAreReadInSelectionOrderAndTheRestIgnored() throws Exception {
        try (NpzShard shard = NpzShard.open(extras, SpillSpace.temporary(), List.of("Y", "X"))) {
            assertThat(shard.rows()).isEqualTo(5);
            assertThat(shard.arrays()).extracting(NpyArray::name).containsExactly("Y", "X");
            assertThat(shard.array("s")).isNull();
            byte[] row = new byte[8];
            shard.array("Y").openRows().read(3, row, 0);
            assertThat(shard.array("Y").dtype().getLong(row, 0)).isEqualTo(21);
        }
    }

    @Test
    void unselectedEntriesAreNotEvenParsed() throws Exception {
        assertThatThrownBy(() -> NpzShard.open(exotic)).hasMessageContaining("unsupported dtype");
        try (NpzShard shard = NpzShard.open(exotic, SpillSpace.temporary(), List.of("X"))) {
            assertThat(shard.rows()).isEqualTo(6);
            assertThat(shard.arrays()).hasSize(1);
        }
    }

    @Test
    void aMissingOrScalarSelectionIsRefusedByName() {
        assertThatThrownBy(() -> NpzShard.open(extras, SpillSpace.temporary(), List.of("X", "Q")))
                .hasMessage(extras + ": no array 'Q' to read (the archive holds X, Y, s, Z)");
        assertThatThrownBy(() -> NpzShard.open(extras, SpillSpace.temporary(), List.of("X", "s")))
                .hasMessage(extras + " [s.npy]: 0-d array (a scalar) has no rows");
        assertThatThrownBy(() -> NpzShard.open(extras, SpillSpace.temporary(), List.of("X", "Z")))
                .hasMessage(extras + " [Z.npy]: row counts differ: 3 rows, but X has 5");
    }
}

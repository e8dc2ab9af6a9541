package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an open shard holds: a stored local shard gives its descriptor back as it opens (its arrays
 * are mapped), a small one can move onto the heap and then holds no mapping either, and neither
 * changes a byte that is read.
 */
class ShardMemoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_stored.npz", "fortran_stored.npz", "v3_header.npz"})
    void copyingOntoTheHeapKeepsEveryByteAndReleasesTheMappings(String name) throws Exception {
        try (NpzShard shard = NpzShard.open(Fixtures.file(name).toString())) {
            assertThat(shard.holdsDescriptor()).as("mapped arrays need no descriptor").isFalse();
            long mapped = shard.mappedBytes();
            assertThat(mapped).isPositive();
            java.util.List<String> before = new java.util.ArrayList<>();
            for (NpyArray array : shard.arrays()) {
                before.add(Fixtures.sha256OfRows(array));
            }

            assertThat(shard.copyIntoHeap()).isEqualTo(mapped);

            assertThat(shard.mappedBytes()).isZero();
            assertThat(shard.heapBytes()).isEqualTo(mapped);
            for (int i = 0; i < shard.arrays().size(); i++) {
                assertThat(Fixtures.sha256OfRows(shard.arrays().get(i)))
                        .as("%s after the copy", shard.arrays().get(i).name())
                        .isEqualTo(before.get(i));
            }
        }
    }

    @Test
    void aDeflatedShardKeepsItsDescriptor() throws Exception {
        try (NpzShard shard = NpzShard.open(Fixtures.file("dtypes_compressed.npz").toString())) {
            assertThat(shard.holdsDescriptor()).isTrue();
            assertThat(shard.mappedBytes()).isZero();
            assertThat(shard.copyIntoHeap()).isZero();
        }
    }
}

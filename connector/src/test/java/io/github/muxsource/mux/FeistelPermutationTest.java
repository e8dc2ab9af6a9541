package io.github.muxsource.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.BitSet;

/**
 * {@link FeistelPermutation} is a bijection (exhaustively for every size up to 5,000, by sampling
 * above), looks uniform over seeds, and is pinned so that no change silently reorders every user's
 * shuffled rows.
 */
class FeistelPermutationTest {

    @Test
    void everySizeUpTo5000IsAPermutation() {
        for (int size = 1; size <= 5000; size++) {
            FeistelPermutation p = new FeistelPermutation(size, Rng.derive(11, size));
            BitSet seen = new BitSet(size);
            for (int i = 0; i < size; i++) {
                long row = p.apply(i);
                assertThat(row).as("size %d position %d", size, i).isBetween(0L, size - 1L);
                seen.set((int) row);
            }
            assertThat(seen.cardinality()).as("distinct rows of size %d", size).isEqualTo(size);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {20_000_000L, (1L << 31) + 11, 1_000_000_000_007L, 1L << 62})
    void largeSizesAreInjectiveOnSampledPositions(long size) {
        // Distinct positions (a window of consecutive ones, then random ones outside it) must
        // give distinct rows, all in range: a collision would show as a repeated sorted row.
        Rng rng = Rng.seeded(size);
        FeistelPermutation p = new FeistelPermutation(size, 99);
        int window = 1 << 18;
        long start = rng.nextLong(size - window);
        long[] positions = new long[2 * window];
        for (int i = 0; i < window; i++) {
            positions[i] = start + i;
        }
        for (int i = window; i < positions.length; i++) {
            long position;
            do {
                position = rng.nextLong(size);
            } while (position >= start && position < start + window);
            positions[i] = position;
        }
        long[] rows = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            rows[i] = p.apply(positions[i]);
            assertThat(rows[i]).isBetween(0L, size - 1);
        }
        assertThat(distinct(positions)).isEqualTo(distinct(rows));
        assertThat(distinct(rows)).isGreaterThan(window);
    }

    private static int distinct(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int distinct = sorted.length == 0 ? 0 : 1;
        for (int i = 1; i < sorted.length; i++) {
            distinct += sorted[i] != sorted[i - 1] ? 1 : 0;
        }
        return distinct;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 10, 17, 64})
    void eachRowLandsUniformlyOnEveryPosition(int size) {
        // Table of (position, row) over many seeds. Each seed adds a permutation matrix; for a
        // uniform permutation its centred covariance is n/(n-1) times the identity on the
        // (n-1)^2-dimensional space of zero-margin matrices (Schur: that space is irreducible
        // under permuting rows and columns), so chi2 * (n-1)/n is chi-square with (n-1)^2 dof.
        int seeds = 400 * size;
        long[] table = new long[size * size];
        for (int seed = 0; seed < seeds; seed++) {
            FeistelPermutation p = new FeistelPermutation(size, Rng.derive(5, seed));
            for (int i = 0; i < size; i++) {
                table[i * size + (int) p.apply(i)]++;
            }
        }
        double chi2 = ChiSquare.statistic(table, seeds / (double) size) * (size - 1) / size;
        int dof = Math.max(1, (size - 1) * (size - 1));
        assertThat(chi2).as("size %d", size).isLessThan(ChiSquare.critical001(dof));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 10, 17, 64})
    void consecutiveRowsFormUniformPairs(int size) {
        // The rows at two consecutive positions (one pair per seed, independent draws): uniform
        // over the n(n-1) ordered pairs of distinct rows for a uniform permutation.
        int cells = size * (size - 1);
        int seeds = 100 * cells;
        int position = size / 2 - 1 < 0 ? 0 : size / 2 - 1;
        long[] pairs = new long[size * size];
        for (int seed = 0; seed < seeds; seed++) {
            FeistelPermutation p = new FeistelPermutation(size, Rng.derive(8, seed));
            pairs[(int) p.apply(position) * size + (int) p.apply(position + 1)]++;
        }
        long[] offDiagonal = new long[cells];
        int k = 0;
        for (int a = 0; a < size; a++) {
            assertThat(pairs[a * size + a]).isZero();
            for (int b = 0; b < size; b++) {
                if (a != b) {
                    offDiagonal[k++] = pairs[a * size + b];
                }
            }
        }
        double chi2 = ChiSquare.statistic(offDiagonal, seeds / (double) cells);
        assertThat(chi2).as("size %d", size).isLessThan(ChiSquare.critical001(cells - 1));
    }

    @Test
    void isPinnedSoNoChangeSilentlyReordersShuffledRows() {
        // Computed by an independent Python transcription of the documented algorithm.
        FeistelPermutation p = new FeistelPermutation(10, 42);
        long[] rows = new long[10];
        for (int i = 0; i < 10; i++) {
            rows[i] = p.apply(i);
        }
        assertThat(rows).containsExactly(5, 6, 9, 0, 4, 2, 7, 8, 3, 1);
        FeistelPermutation big = new FeistelPermutation(1_000_003, 7);
        assertThat(new long[] {big.apply(0), big.apply(1), big.apply(2)})
                .containsExactly(605179, 591210, 389290);
        FeistelPermutation max = new FeistelPermutation(1L << 62, -1);
        assertThat(max.apply(0)).isEqualTo(3866337620556512136L);
    }

    @Test
    void refusesSizesAndPositionsOutOfRange() {
        assertThatThrownBy(() -> new FeistelPermutation(0, 1))
                .hasMessage("size must be between 1 and 2^62 rows, got 0");
        assertThatThrownBy(() -> new FeistelPermutation(10, 1).apply(10))
                .hasMessage("index must be in [0, 10), got 10");
    }
}

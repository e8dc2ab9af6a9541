package io.github.muxsource.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link FenwickTree#find} returns the index whose cumulative range holds r, through updates. */
class FenwickTreeTest {

    @Test
    void findMatchesTheCumulativeDefinitionThroughRandomUpdates() {
        Rng rng = Rng.seeded(1);
        for (int n = 1; n <= 70; n++) {
            long[] weights = new long[n];
            for (int i = 0; i < n; i++) {
                weights[i] = rng.nextInt(4) == 0 ? 0 : rng.nextLong(1000);
            }
            FenwickTree tree = new FenwickTree(weights);
            for (int round = 0; round < 20; round++) {
                int i = rng.nextInt(n);
                weights[i] = rng.nextInt(3) == 0 ? 0 : rng.nextLong(1L << 40);
                tree.set(i, weights[i]);
                long total = 0;
                for (int k = 0; k < n; k++) {
                    assertThat(tree.weight(k)).isEqualTo(weights[k]);
                    // Every r in [total, total + w_k) must find k: check both ends.
                    if (weights[k] > 0) {
                        assertThat(tree.find(total)).isEqualTo(k);
                        assertThat(tree.find(total + weights[k] - 1)).isEqualTo(k);
                    }
                    total += weights[k];
                }
                assertThat(tree.total()).isEqualTo(total);
            }
        }
    }
}

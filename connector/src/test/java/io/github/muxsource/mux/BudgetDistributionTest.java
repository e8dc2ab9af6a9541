package io.github.muxsource.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The exact binomial budget: {@code trunc((rate - 1) / (1 - p))} trials for rational shares, equal
 * to the closed form whatever the order of the weights (floating point gave one less for p = 2/3,
 * and 59 or 60 for p = 3/4 depending on the order).
 */
class BudgetDistributionTest {

    @Test
    void trialsAreExactForWeightsOneToTwoAndOneToThreeInEitherOrder() {
        for (double[] weights :
                new double[][] {{1, 2}, {2, 1}, {1, 3}, {3, 1}, {0.5, 1.5}, {6, 2}, {2, 4}}) {
            long[] fixed = Weights.fixedPoint(weights, 2, 2);
            long active = fixed[0] + fixed[1];
            for (int s = 0; s < 2; s++) {
                // p = w_s / (w_0 + w_1) = num / den in lowest terms, so (rate - 1) / (1 - p) =
                // (rate - 1) * den / (den - num): an integer for integral rates.
                long num = (long) (weights[s] / Math.min(weights[0], weights[1]));
                long den = (long) ((weights[0] + weights[1]) / Math.min(weights[0], weights[1]));
                for (int rate = 1; rate <= 200; rate++) {
                    long expected = (rate - 1) * den / (den - num);
                    assertThat(BudgetDistribution.binomialTrials(rate, fixed[s], active))
                            .as(
                                    "weights %s, stream %d, rate %d",
                                    java.util.Arrays.toString(weights), s, rate)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void issueExamplesGiveTheExactIntegers() {
        // Weight 2 beside 1, rate 16: 15 / (1/3) = 45 (floating point: 44). Weight 3 beside 1,
        // rate 16: 15 / (1/4) = 60 (floating point: 59 or 60 depending on the order of weights).
        long[] oneTwo = Weights.fixedPoint(new double[] {1, 2}, 2, 2);
        assertThat(BudgetDistribution.binomialTrials(16, oneTwo[1], oneTwo[0] + oneTwo[1]))
                .isEqualTo(45);
        for (double[] w : new double[][] {{1, 3}, {3, 1}}) {
            long[] f = Weights.fixedPoint(w, 2, 2);
            int three = w[0] == 3 ? 0 : 1;
            assertThat(BudgetDistribution.binomialTrials(16, f[three], f[0] + f[1])).isEqualTo(60);
        }
    }

    @Test
    void fractionalAndHugeRatesUseTheExactBinaryValue() {
        // rate 3.5, p = 2/3: 2.5 * 3 = 7.5 -> 7. rate 1 + 2^-30, p = 1/2: 2^-29 -> 0.
        assertThat(BudgetDistribution.binomialTrials(3.5, 2, 3)).isEqualTo(7);
        assertThat(BudgetDistribution.binomialTrials(1 + 0x1p-30, 1, 2)).isZero();
        // 2^60 - 1 is exact only in big arithmetic (2^60 - 1 is not a double).
        assertThat(BudgetDistribution.binomialTrials(0x1p60, 2, 3)).isEqualTo(3 * ((1L << 60) - 1));
        assertThat(BudgetDistribution.binomialTrials(0x1p70, 1, 2)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void poissonFallbackIsDecidedExactlyAtShare9999() {
        assertThat(BudgetDistribution.shareAbove9999(9_999, 10_000)).isFalse();
        assertThat(BudgetDistribution.shareAbove9999(99_990_001, 100_000_000)).isTrue();
        assertThat(BudgetDistribution.shareAbove9999(1L << 61, (1L << 61) + 1)).isTrue();
        assertThat(BudgetDistribution.shareAbove9999(1, 1)).isTrue();
    }

    @Test
    void exactDrawsAreDeterministicFromTheRngAlone() {
        for (BudgetDistribution dist : BudgetDistribution.values()) {
            Rng a = Rng.seeded(4);
            Rng b = Rng.seeded(4);
            for (int i = 0; i < 1000; i++) {
                long weight = 1 + i % 7;
                long active = weight + i % 5;
                assertThat(dist.drawExact(a, 12.5, weight, active))
                        .isEqualTo(dist.drawExact(b, 12.5, weight, active))
                        .isPositive();
            }
        }
    }
}

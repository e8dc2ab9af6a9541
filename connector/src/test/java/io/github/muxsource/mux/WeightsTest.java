package io.github.muxsource.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Fixed-point weights keep exact ratios where the doubles are exact, and their sums fit a long. */
class WeightsTest {

    @Test
    void integerAndDyadicWeightsKeepTheirExactRatiosInAnyOrder() {
        double[] weights = {1, 2, 3, 0.5, 7, 0.25};
        long[] fixed = Weights.fixedPoint(weights, 6, 2);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                // w_i / w_j = f_i / f_j, cross-multiplied in exact doubles (all below 2^53).
                assertThat((double) fixed[i] * (weights[j] * 4))
                        .isEqualTo((double) fixed[j] * (weights[i] * 4));
            }
        }
        double[] reversed = {0.25, 7, 0.5, 3, 2, 1};
        long[] back = Weights.fixedPoint(reversed, 6, 2);
        for (int i = 0; i < 6; i++) {
            assertThat(back[5 - i]).isEqualTo(fixed[i]);
        }
    }

    @Test
    void positiveWeightsStayPositiveZeroStaysZeroAndSumsFit() {
        long[] fixed = Weights.fixedPoint(new double[] {1e300, 1e-300, 0}, 3, 1_000_000);
        assertThat(fixed[1]).isEqualTo(1);
        assertThat(fixed[2]).isZero();
        // The sum over a million slots holding the largest weight still fits a long.
        assertThat(Math.multiplyHigh(fixed[0], 1_000_000)).isZero();
        assertThat(fixed[0] * 1_000_000).isPositive();
    }

    @Test
    void nullMeansEqualWeights() {
        assertThat(Weights.fixedPoint(null, 3, 1)).containsOnly(Weights.fixedPoint(null, 3, 1)[0]);
        assertThat(Weights.fixedPoint(null, 3, 1)[0]).isPositive();
    }
}

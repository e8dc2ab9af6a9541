package io.github.muxsource.mux;

import static io.github.muxsource.mux.Items.streamOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

/**
 * Distributions, with fixed seeds and thresholds that hold for any seed with overwhelming
 * probability: 4σ (two-sided p ≈ 6e-5 per check) or chi-square at p = 0.001.
 */
class MuxStatisticsTest {

    @Test
    void shuffledMuxSharesFollowTheWeights() {
        double[] weights = {1, 2, 3, 4};
        ShuffledMux<String> mux = new ShuffledMux<>(Items.Endless.of(4), weights);
        int n = 200_000;
        long[] counts = countStreams(mux.open(17), n, 4);
        // Each item is an independent draw: counts are multinomial.
        assertWithin4Sigma(counts, n, new double[] {0.1, 0.2, 0.3, 0.4});
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationDecidesTheLongRunSharesWithARate(Activation activation) {
        // nActive = 1 and a constant budget: item shares equal activation shares, and
        // activations are independent draws, so counts of activations are multinomial.
        int rate = 10;
        StochasticMux<String> mux =
                StochasticMux.builder(
                                List.of(
                                        new Items.Endless(0),
                                        new Items.Endless(1),
                                        new Items.Endless(2)))
                        .weights(1, 2, 3)
                        .nActive(1)
                        .rate((double) rate)
                        .dist(BudgetDistribution.CONSTANT)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .activation(activation)
                        .build();
        int activations = 30_000;
        long[] items = countStreams(mux.open(23), activations * rate, 3);
        long[] perActivation = new long[3];
        for (int s = 0; s < 3; s++) {
            assertThat(items[s] % rate).isZero();
            perActivation[s] = items[s] / rate;
        }
        double[] expected =
                activation == Activation.WEIGHTED
                        ? new double[] {1 / 6.0, 2 / 6.0, 3 / 6.0}
                        : new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0};
        assertWithin4Sigma(perActivation, activations, expected);
    }

    @Test
    void everyItemPicksASlotInProportionToItsWeight() {
        // Three endless streams, three slots, no rate: all stay active, and each item is an
        // independent pick over the slots by integer weight, so counts are multinomial.
        StochasticMux<String> mux =
                StochasticMux.builder(Items.Endless.of(3)).weights(1, 2, 5).nActive(3).build();
        int n = 200_000;
        long[] counts = countStreams(mux.open(41), n, 3);
        assertWithin4Sigma(counts, n, new double[] {1 / 8.0, 2 / 8.0, 5 / 8.0});
    }

    @ParameterizedTest
    @EnumSource(
            value = StochasticMode.class,
            names = {"WITH_REPLACEMENT", "SINGLE_ACTIVE"})
    void activationsOverAThousandStreamsFollowTheWeights(StochasticMode mode) {
        // One slot, budget 1: every item is a fresh, independent activation drawn from the
        // Fenwick tree of candidate weights, so the counts are multinomial: chi-square test.
        int streams = 1000;
        double[] weights = new double[streams];
        double total = 0;
        for (int s = 0; s < streams; s++) {
            weights[s] = 1 + s % 3;
            total += weights[s];
        }
        StochasticMux<String> mux =
                StochasticMux.builder(Items.Endless.of(streams))
                        .weights(weights)
                        .nActive(1)
                        .rate(1.0)
                        .mode(mode)
                        .build();
        int n = 300_000;
        long[] counts = countStreams(mux.open(12), n, streams);
        double chi2 = 0;
        for (int s = 0; s < streams; s++) {
            double expected = n * weights[s] / total;
            chi2 += (counts[s] - expected) * (counts[s] - expected) / expected;
        }
        assertThat(chi2).isLessThan(ChiSquare.critical001(streams - 1));
    }

    @ParameterizedTest
    @EnumSource(BudgetDistribution.class)
    void exactBudgetMeanAndVarianceMatchTheFormulas(BudgetDistribution dist) {
        // Share 2/5 as integers; the trial count trunc(24.5 / 0.6) = 40 either way.
        checkBudgetMoments(dist, rng -> dist.drawExact(rng, 25.5, 2, 5));
    }

    @ParameterizedTest
    @EnumSource(BudgetDistribution.class)
    void budgetMeanAndVarianceMatchTheFormulas(BudgetDistribution dist) {
        checkBudgetMoments(dist, rng -> dist.draw(rng, 25.5, 0.4));
    }

    private static void checkBudgetMoments(
            BudgetDistribution dist, java.util.function.ToLongFunction<Rng> draw) {
        double rate = 25.5;
        double share = 0.4;
        double mean;
        double variance;
        double fourthCentral;
        switch (dist) {
            case CONSTANT -> {
                mean = Math.ceil(rate);
                variance = 0;
                fourthCentral = 0;
            }
            case POISSON -> {
                double lambda = rate - 1;
                mean = rate;
                variance = lambda;
                fourthCentral = lambda + 3 * lambda * lambda;
            }
            default -> {
                long trials = (long) ((rate - 1) / (1 - share));
                double q = 1 - share;
                mean = 1 + trials * q;
                variance = trials * q * (1 - q);
                fourthCentral = variance * (1 + 3 * (trials - 2) * q * (1 - q));
            }
        }
        Rng rng = Rng.seeded(99);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            long b = draw.applyAsLong(rng);
            assertThat(b).isGreaterThanOrEqualTo(1);
            sum += b;
            sumSq += (double) b * b;
        }
        double sampleMean = sum / n;
        double sampleVar = sumSq / n - sampleMean * sampleMean;
        assertThat(Math.abs(sampleMean - mean))
                .as("mean")
                .isLessThanOrEqualTo(4 * Math.sqrt(variance / n) + 1e-12);
        double varSigma = Math.sqrt((fourthCentral - variance * variance) / n);
        assertThat(Math.abs(sampleVar - variance))
                .as("variance")
                .isLessThanOrEqualTo(4 * varSigma + 1e-9);
    }

    @Test
    void poissonIsExactForLargeMeansToo() {
        // PTRS path (mean >= 10): mean and variance both equal lambda.
        Rng rng = Rng.seeded(5);
        double lambda = 999;
        int n = 100_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            long k = rng.poisson(lambda);
            sum += k;
            sumSq += (double) k * k;
        }
        double m = sum / n;
        double v = sumSq / n - m * m;
        assertThat(Math.abs(m - lambda)).isLessThanOrEqualTo(4 * Math.sqrt(lambda / n));
        assertThat(Math.abs(v - lambda))
                .isLessThanOrEqualTo(4 * Math.sqrt((lambda + 2 * lambda * lambda) / n));
    }

    @Test
    void stackedRateLimitedMuxesAreUniformOverTwelveStreams() {
        // Pescador's stacked-uniform test: two muxes of six streams each, muxed again. Items of
        // one run are correlated, so each independent run contributes one observation: its 50th
        // item, uniform over the 12 streams by symmetry.
        List<Items.Endless> all = Items.Endless.of(12);
        StochasticMux<String> left =
                StochasticMux.builder(all.subList(0, 6))
                        .nActive(2)
                        .rate(4.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .build();
        StochasticMux<String> right =
                StochasticMux.builder(all.subList(6, 12))
                        .nActive(2)
                        .rate(4.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .build();
        StochasticMux<String> top =
                StochasticMux.builder(List.of(left, right))
                        .nActive(2)
                        .rate(8.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .build();
        int runs = 24_000;
        long[] counts = new long[12];
        for (int r = 0; r < runs; r++) {
            List<String> items = Items.take(top.open(Rng.derive(77, r)), 50);
            counts[streamOf(items.get(49))]++;
        }
        double expected = runs / 12.0;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 11 degrees of freedom: P(chi2 > 31.264) = 0.001.
        assertThat(chi2).isLessThan(31.264);
    }

    private static long[] countStreams(Cursor<String> cursor, int n, int streams) {
        long[] counts = new long[streams];
        for (String item : Items.take(cursor, n)) {
            counts[streamOf(item)]++;
        }
        return counts;
    }

    private static void assertWithin4Sigma(long[] counts, long n, double[] p) {
        for (int i = 0; i < counts.length; i++) {
            double share = counts[i] / (double) n;
            double sigma = Math.sqrt(p[i] * (1 - p[i]) / n);
            assertThat(Math.abs(share - p[i]))
                    .as("stream %d share %f vs %f", i, share, p[i])
                    .isLessThanOrEqualTo(4 * sigma);
        }
    }
}

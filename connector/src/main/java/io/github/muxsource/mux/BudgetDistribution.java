package io.github.muxsource.mux;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * How many items an activation may yield, given the mux's {@code rate} (a mean, at least 1). The
 * formulas are Pescador 3.0.0's; {@code docs/mixing.md} derives their means and variances.
 */
public enum BudgetDistribution {
    /** Exactly {@code ceil(rate)}. */
    CONSTANT,
    /** {@code 1 + Poisson(rate - 1)}: mean {@code rate}, variance {@code rate - 1}. */
    POISSON,
    /**
     * {@code 1 + Binomial(trunc((rate - 1) / (1 - p)), 1 - p)}, p being the stream's share of the
     * active weight; Poisson when {@code p > 0.9999} (Pescador's default).
     */
    BINOMIAL;

    /**
     * Draws one budget, exactly: the share is the rational {@code weight / activeWeight} of the
     * mux's integer weights, the binomial's trial count is {@link #binomialTrials}, and {@code p >
     * 0.9999} is decided in integers. State version 2 and later.
     */
    long drawExact(Rng rng, double rate, long weight, long activeWeight) {
        if (this != BINOMIAL) {
            return draw(rng, rate, 1);
        }
        if (shareAbove9999(weight, activeWeight)) {
            return 1 + rng.poisson(rate - 1);
        }
        long rest = activeWeight - weight;
        return 1
                + rng.binomial(
                        binomialTrials(rate, weight, activeWeight), rest / (double) activeWeight);
    }

    /**
     * {@code trunc((rate - 1) / (1 - p))} for {@code p = weight / activeWeight < 1}, computed
     * exactly as {@code floor((rate - 1) * activeWeight / (activeWeight - weight))} on the exact
     * binary value of {@code rate}; {@link Long#MAX_VALUE} if larger.
     */
    static long binomialTrials(double rate, long weight, long activeWeight) {
        long rest = activeWeight - weight;
        // Fast path: an integral rate below 2^53 makes rate - 1 an exact long, and the product
        // fits.
        double excess = rate - 1;
        if (rate < 0x1p53
                && excess == Math.rint(excess)
                && (long) excess <= Long.MAX_VALUE / activeWeight) {
            return (long) excess * activeWeight / rest;
        }
        BigInteger trials =
                new BigDecimal(rate)
                        .subtract(BigDecimal.ONE)
                        .multiply(BigDecimal.valueOf(activeWeight))
                        .divide(BigDecimal.valueOf(rest), 0, RoundingMode.FLOOR)
                        .toBigIntegerExact();
        return trials.bitLength() < 64 ? trials.longValue() : Long.MAX_VALUE;
    }

    /**
     * Whether {@code weight / activeWeight > 0.9999}, i.e. {@code 10000 weight > 9999
     * activeWeight}, compared as 128-bit products (both weights are below 2^63) without allocating.
     */
    static boolean shareAbove9999(long weight, long activeWeight) {
        long leftHigh = Math.multiplyHigh(weight, 10_000);
        long rightHigh = Math.multiplyHigh(activeWeight, 9_999);
        if (leftHigh != rightHigh) {
            return leftHigh > rightHigh;
        }
        return Long.compareUnsigned(weight * 10_000, activeWeight * 9_999) > 0;
    }

    /**
     * Draws one budget; {@code share} is the activated stream's share of the active weight, in
     * floating point (state version 1, whose result may be one less than the exact value).
     */
    long draw(Rng rng, double rate, double share) {
        return switch (this) {
            case CONSTANT -> (long) Math.ceil(rate);
            case POISSON -> 1 + rng.poisson(rate - 1);
            case BINOMIAL ->
                    share > 0.9999
                            ? 1 + rng.poisson(rate - 1)
                            : 1 + rng.binomial((long) ((rate - 1) / (1 - share)), 1 - share);
        };
    }
}

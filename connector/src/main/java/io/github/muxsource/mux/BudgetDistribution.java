package io.github.muxsource.mux;

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

    /** Draws one budget; {@code share} is the activated stream's share of the active weight. */
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

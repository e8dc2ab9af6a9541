package io.github.muxsource.mux;

/**
 * One set of stream weights in both forms the stochastic draws use: normalised {@code double}s
 * (state version 1) and the same ratios as integers ({@link Weights#fixedPoint}, version 2 and
 * later). Immutable; a weight change replaces the whole set.
 */
final class StreamWeights {
    final double[] normalised;
    final long[] fixed;

    private StreamWeights(double[] normalised, long[] fixed) {
        this.normalised = normalised;
        this.fixed = fixed;
    }

    /** Checks {@code raw} (one per stream, {@code null} for equal) and converts it. */
    static StreamWeights of(double[] raw, int streams, int slots) {
        return new StreamWeights(
                Weights.normalise(raw, streams), Weights.fixedPoint(raw, streams, slots));
    }

    int positive() {
        int n = 0;
        for (double w : normalised) {
            n += w > 0 ? 1 : 0;
        }
        return n;
    }
}

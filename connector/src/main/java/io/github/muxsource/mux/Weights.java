package io.github.muxsource.mux;

import java.util.Arrays;

/** Validation and normalisation of mux weights, shared by the weighted muxes. */
final class Weights {
    private Weights() {}

    /**
     * Checks {@code weights} (one per stream; {@code null} means all equal) and returns them
     * normalised to sum to 1. Zero is allowed (the stream is never chosen); negative, NaN and
     * infinite weights are not, and neither is an all-zero vector.
     */
    static double[] normalise(double[] weights, int streams) {
        if (weights == null) {
            double[] equal = new double[streams];
            Arrays.fill(equal, streams == 0 ? 0 : 1.0 / streams);
            return equal;
        }
        if (weights.length != streams) {
            throw new IllegalArgumentException(
                    "weights must have one entry per stream: got "
                            + weights.length
                            + " weights for "
                            + streams
                            + " streams");
        }
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(
                        "weights must be finite and >= 0, got weights[" + i + "]=" + w);
            }
            total += w;
        }
        if (streams > 0 && total == 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        double[] normalised = new double[streams];
        for (int i = 0; i < streams; i++) {
            normalised[i] = weights[i] / total;
        }
        return normalised;
    }

    /**
     * The weights as positive integers with the same ratios, for exact choices (state version 2 and
     * later): each weight times one power of two {@code 2^k}, rounded to nearest, a positive weight
     * never below 1. {@code k} is the largest that keeps every weight below {@code 2^62 /
     * max(streams, slots)}, so sums over all streams or all slots fit a long. Scaling by a power of
     * two is exact, so weights that are integers or dyadic fractions (1, 2, 3, 0.5, ...) keep their
     * exact ratios however they are ordered; others are rounded by at most half a unit of about
     * 2^-40 of the largest weight. {@code null} means equal weights.
     */
    static long[] fixedPoint(double[] weights, int streams, int slots) {
        double[] checked = weights == null ? normalise(null, streams) : weights;
        normalise(checked, streams);
        double max = 0;
        for (double w : checked) {
            max = Math.max(max, w);
        }
        long[] fixed = new long[streams];
        if (max == 0) {
            return fixed;
        }
        int capBits = 62 - (64 - Long.numberOfLeadingZeros(Math.max(1, Math.max(streams, slots))));
        int k = capBits - 1 - Math.getExponent(max);
        for (int i = 0; i < streams; i++) {
            fixed[i] = checked[i] == 0 ? 0 : Math.max(1, Math.round(Math.scalb(checked[i], k)));
        }
        return fixed;
    }
}

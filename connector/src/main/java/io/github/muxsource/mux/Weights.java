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
}

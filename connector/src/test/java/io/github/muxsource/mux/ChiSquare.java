package io.github.muxsource.mux;

/** Pearson's chi-square statistic and its critical value at p = 0.001, for statistical tests. */
final class ChiSquare {
    /** The standard normal quantile of 1 - 0.001. */
    private static final double Z_999 = 3.090232;

    private ChiSquare() {}

    /** Sum over cells of (observed - expected)^2 / expected, every cell expecting {@code e}. */
    static double statistic(long[] observed, double e) {
        double chi2 = 0;
        for (long o : observed) {
            chi2 += (o - e) * (o - e) / e;
        }
        return chi2;
    }

    /**
     * The value a chi-square variable with {@code dof} degrees of freedom exceeds with probability
     * 0.001, by Wilson and Hilferty's cube-root approximation; it errs upwards for small {@code
     * dof} (1: 11.2 vs 10.83 exactly; 4: 18.7 vs 18.47), so a test using it fails with probability
     * below 0.001 when the null hypothesis holds.
     */
    static double critical001(int dof) {
        double k = dof;
        double c = 1 - 2 / (9 * k) + Z_999 * Math.sqrt(2 / (9 * k));
        return k * c * c * c;
    }
}

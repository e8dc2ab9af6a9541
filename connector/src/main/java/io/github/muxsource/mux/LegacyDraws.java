package io.github.muxsource.mux;

/**
 * State version 1's draws, kept so that a lane restored from a version-1 snapshot continues exactly
 * as version 1 would have for the rest of its life: normalised {@code double} weights, picks by a
 * linear scan of partial sums ({@link Rng#pick}), and the binomial budget's share in floating
 * point. O(streams) per activation; fresh runs use {@link ExactDraws}.
 */
final class LegacyDraws implements StochasticDraws {
    private final StochasticMux<?> mux;
    private final boolean[] candidate;

    /** Scratch for weighted choices; no state. */
    private final double[] scratch;

    private double[] weights;

    LegacyDraws(StochasticMux<?> mux) {
        this.mux = mux;
        this.weights = mux.weights.normalised;
        this.candidate = new boolean[weights.length];
        this.scratch = new double[Math.max(weights.length, mux.nActive)];
    }

    @Override
    public void reweight(StreamWeights weights) {
        this.weights = weights.normalised;
    }

    @Override
    public void setCandidate(int stream, boolean candidate) {
        this.candidate[stream] = candidate;
    }

    @Override
    public int pickStream(Rng rng) {
        int n = candidate.length;
        double total = 0;
        for (int s = 0; s < n; s++) {
            double w = !candidate[s] ? 0 : mux.activation == Activation.WEIGHTED ? weights[s] : 1;
            scratch[s] = w;
            total += w;
        }
        return total == 0 ? -1 : rng.pick(scratch, n, total);
    }

    @Override
    public int pickSlot(Rng rng, int[] slotStream) {
        double total = 0;
        for (int slot = 0; slot < slotStream.length; slot++) {
            int s = slotStream[slot];
            double w = s < 0 ? 0 : weights[s];
            scratch[slot] = w;
            total += w;
        }
        return rng.pick(scratch, slotStream.length, total);
    }

    @Override
    public long budget(Rng rng, int stream, int[] slotStream) {
        double active = 0;
        for (int s : slotStream) {
            if (s >= 0) {
                active += weights[s];
            }
        }
        return mux.dist.draw(rng, mux.rate, weights[stream] / active);
    }
}

package io.github.muxsource.mux;

/**
 * State version 2's draws (and every later version's): integer (fixed-point) weights, so every
 * choice is exact and the same on every platform. Candidates sit in a {@link FenwickTree} updated
 * as streams become or stop being candidates, so an activation costs O(log streams) whatever the
 * lane's stream count; a slot is chosen by one bounded integer draw over the live slots; the
 * binomial budget uses the exact rational share ({@link BudgetDistribution#drawExact}).
 */
final class ExactDraws implements StochasticDraws {
    private final StochasticMux<?> mux;
    private final FenwickTree candidates;
    private long[] fixedWeights;

    ExactDraws(StochasticMux<?> mux) {
        this.mux = mux;
        this.fixedWeights = mux.weights.fixed;
        this.candidates = new FenwickTree(new long[fixedWeights.length]);
    }

    @Override
    public void reweight(StreamWeights weights) {
        this.fixedWeights = weights.fixed;
    }

    @Override
    public void setCandidate(int stream, boolean candidate) {
        long weight = mux.activation == Activation.WEIGHTED ? fixedWeights[stream] : 1;
        candidates.set(stream, candidate ? weight : 0);
    }

    @Override
    public int pickStream(Rng rng) {
        long total = candidates.total();
        return total == 0 ? -1 : candidates.find(rng.nextLong(total));
    }

    @Override
    public int pickSlot(Rng rng, int[] slotStream) {
        long r = rng.nextLong(activeWeight(slotStream));
        for (int slot = 0; slot < slotStream.length; slot++) {
            int s = slotStream[slot];
            if (s >= 0) {
                r -= fixedWeights[s];
                if (r < 0) {
                    return slot;
                }
            }
        }
        throw new IllegalStateException("no live slot holds the drawn weight");
    }

    @Override
    public long budget(Rng rng, int stream, int[] slotStream) {
        return mux.dist.drawExact(rng, mux.rate, fixedWeights[stream], activeWeight(slotStream));
    }

    private long activeWeight(int[] slotStream) {
        long total = 0;
        for (int s : slotStream) {
            if (s >= 0) {
                total += fixedWeights[s];
            }
        }
        return total;
    }
}

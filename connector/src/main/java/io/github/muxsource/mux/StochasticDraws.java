package io.github.muxsource.mux;

/**
 * The random choices of a {@link StochasticRun}: which candidate stream fills a slot, which slot
 * yields the next item, and an activation's budget. State version 1 and 2 differ only here ({@link
 * LegacyDraws}, {@link ExactDraws}); the run owns all state, so draws keep nothing a snapshot
 * needs.
 */
interface StochasticDraws {
    /**
     * The run's word on whether {@code stream} may fill a free slot now; called on every change.
     */
    void setCandidate(int stream, boolean candidate);

    /**
     * Draws with {@code weights} from now on; the run then calls {@link #setCandidate} for every
     * stream, so candidate weights follow.
     */
    void reweight(StreamWeights weights);

    /** A candidate stream (by weight or uniformly, as configured), or -1 when there is none. */
    int pickStream(Rng rng);

    /**
     * A slot with probability proportional to its stream's weight; {@code slotStream[slot]} is -1
     * for a dead slot, and at least two slots are live.
     */
    int pickSlot(Rng rng, int[] slotStream);

    /**
     * The budget of {@code stream}, just activated: {@code slotStream} already holds it, so its
     * share of the active weight counts itself.
     */
    long budget(Rng rng, int stream, int[] slotStream);
}

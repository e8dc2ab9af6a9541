package io.github.muxsource.mux;

/** Which streams may fill a free slot of a {@link StochasticMux}. */
public enum StochasticMode {
    /**
     * Any non-pruned stream, including ones already active: the same stream may occupy several
     * slots (Pescador's default).
     */
    WITH_REPLACEMENT,
    /**
     * Only streams not active in another slot; ended streams become candidates again, so the mux
     * runs until every stream is pruned. MuxSource's default: with {@code nActive} equal to the
     * number of streams, every stream is always active.
     */
    SINGLE_ACTIVE,
    /** Each stream is activated at most once; the mux ends when every slot is dead: one pass. */
    EXHAUSTIVE
}

package io.github.muxsource.mux;

/** How a {@link RoundRobinMux} behaves once every stream has ended. */
public enum RoundRobinMode {
    /** End: one pass over every stream. */
    EXHAUSTIVE,
    /** Restart every stream and rotate again in the same order, forever. */
    CYCLE,
    /** Restart every stream, each pass in a fresh random order. */
    PERMUTED_CYCLE
}

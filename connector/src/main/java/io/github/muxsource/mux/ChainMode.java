package io.github.muxsource.mux;

/** What a {@link ChainMux} does after its last stream ends. */
public enum ChainMode {
    /** End: each stream once, one after another. */
    EXHAUSTIVE,
    /** Start again from the first stream, forever. */
    CYCLE
}

package io.github.muxsource.mux;

/** How a {@link StochasticMux} chooses the stream that fills a free slot. */
public enum Activation {
    /**
     * Candidates chosen proportionally to their weight, so that with a {@code rate} the long-run
     * shares follow the weights (MuxSource's default; Pescador issue #161).
     */
    WEIGHTED,
    /**
     * Candidates chosen uniformly; weights only act between active slots (Pescador 3.0's behaviour:
     * with a {@code rate}, long-run shares are uniform whatever the weights).
     */
    UNIFORM
}

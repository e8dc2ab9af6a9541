package io.github.muxsource.mux;

/** Counters a mux run exposes for metrics. */
public interface MuxStatistics {
    /** Streams activated so far (slot fills), restarts included. */
    long activations();

    /** Streams active right now. */
    int activeStreams();
}

package io.github.muxsource.source;

import org.apache.flink.annotation.PublicEvolving;

/** Which mux each lane runs over its streams; see {@code docs/mixing.md}. */
@PublicEvolving
public enum MuxKind {
    /** {@link io.github.muxsource.mux.StochasticMux}: nActive slots, a rate, weights. */
    STOCHASTIC,
    /** {@link io.github.muxsource.mux.ShuffledMux}: every stream active, weighted per item. */
    SHUFFLED,
    /** {@link io.github.muxsource.mux.RoundRobinMux}: strict rotation. */
    ROUND_ROBIN,
    /** {@link io.github.muxsource.mux.ChainMux}: one stream after another. */
    CHAIN
}

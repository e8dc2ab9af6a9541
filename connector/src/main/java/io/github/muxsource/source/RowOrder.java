package io.github.muxsource.source;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The order in which one stream (a shard, or a row range of one) yields its rows, for each
 * activation. Its randomness derives from (seed, dataset, shard, row range) and the activation,
 * never from which reader reads it.
 */
@PublicEvolving
public enum RowOrder {
    /** A uniformly random row, with replacement, forever (the seed example's generator). */
    RANDOM,
    /** Rows first to last, once; then the stream ends. */
    SEQUENTIAL,
    /** A fresh random permutation of the rows, once; then the stream ends. */
    SHUFFLED
}

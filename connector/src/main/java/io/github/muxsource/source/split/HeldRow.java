package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;

/**
 * A row a lane drew into its reader's half-filled batch, which no checkpoint has seen emitted: a
 * lane restored from a checkpoint taken mid-batch emits its held rows again, in {@link #index}
 * order across the reader's lanes, before it draws on. Its mux state is already past them.
 *
 * @param index the row's place among the rows held by the lanes of its reader, from 0
 * @param slice the row's slice in the lane
 * @param row the row, in its shard
 * @param position the lane position it was drawn at
 */
@Internal
public record HeldRow(int index, int slice, long row, long position) {}

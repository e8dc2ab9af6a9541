package io.github.muxsource.source.reader;

import io.github.muxsource.source.split.ShardSlice;

/**
 * One slice of a lane as the lane reads it: the planned slice, with copies of what every record
 * reports, its shard's id in the reader's {@link ShardPool}, and the rows the lane holds. Kept in
 * one object, not in arrays by slice, so that the first row of an activation costs one cache miss
 * here however many slices the lane has (docs/benchmarks.md, "Where 15,000 streams lose to 500: the
 * start, then the steady state"). Used by the lane's task thread only.
 */
final class LaneSlice {
    final ShardSlice planned;

    /** The slice's number in its lane. */
    final int index;

    final int dataset;
    final int shard;
    final int shardId;

    /** The shard's rows pinned while the lane holds them (a shard not on the heap), or null. */
    SliceRows held;

    /**
     * The shard's rows on the heap, kept for the slice's next records (see {@link LaneShards}) and
     * read without asking the pool while it has evicted no shard since {@link #heapSeen} (an
     * evicted shard is looked up again, and may reopen); or null.
     */
    ShardRows heap;

    /** The pool's evictions count when {@link #heap} was looked up. */
    long heapSeen;

    LaneSlice(ShardSlice planned, int index, int shardId) {
        this.planned = planned;
        this.index = index;
        this.dataset = planned.dataset();
        this.shard = planned.shard();
        this.shardId = shardId;
    }
}

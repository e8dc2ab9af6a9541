package io.github.muxsource.source.reader;

import java.util.concurrent.CompletableFuture;

/** One shard of a {@link ShardPool}, open or opening, and how many lanes read it now. */
final class PoolEntry {
    /** What an open shard costs: a descriptor, mappings, or heap. */
    enum Kind {
        /**
         * Still opening: not counted. Only the I/O threads' few open files at a time hold a
         * descriptor; counting every queued open made the pool look over its limit and scan for
         * shards to close on every call while the prefetcher was ahead.
         */
        OPENING,
        DESCRIPTOR,
        MAPPED,
        HEAP
    }

    final int id;
    final CompletableFuture<ShardRows> shard;

    /** Completes once the open shard is counted and {@link #rows} set (or opening failed). */
    CompletableFuture<Void> ready;

    int pins;
    Kind kind = Kind.OPENING;
    long heapBytes;

    /** The shard once open, set under the pool's lock; read by lanes instead of the future. */
    ShardRows rows;

    /** Opened for the prefetcher and not pinned since. */
    boolean fresh;

    /**
     * A lane waits for it and has not read it yet: not closed, whatever the caps, so that a lane
     * gets the shard it waits for (closing it as it opened left the lane reopening it forever, or
     * reading a shard already closed).
     */
    boolean awaited;

    /** The sweep that last cleared its reference bit (see {@link OpenShards#evictOverLimit}). */
    long clearedInSweep = -1;

    PoolEntry(int id, CompletableFuture<ShardRows> shard) {
        this.id = id;
        this.shard = shard;
    }
}

package io.github.muxsource.source;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * What one reader may hold, whatever the number and size of the shards it reads. See {@code
 * docs/configuration.md} and the shard lifecycle in {@code docs/concepts.md}.
 *
 * @param maxOpenShards shards holding a file descriptor (deflated or remote-read ones) a reader
 *     keeps open; shards in active use by a lane (the {@code nActive + 2} it reads and the one it
 *     waits for) are never closed, so the bound is {@code max(maxOpenShards, lanes × (nActive +
 *     3))}
 * @param maxMappedShards memory-mapped shards (stored local ones, which hold no descriptor) a
 *     reader keeps open; each mapping counts toward the kernel's {@code vm.max_map_count}, 65,530
 *     by default, shared by every subtask of a TaskManager. Shards with at most 64 KiB of data are
 *     read onto the heap instead and count toward neither cap, but toward {@code heapShardBytes}
 * @param shardCacheBytes bytes of remote shards a reader keeps in its local shard cache (under
 *     Flink's {@code io.tmp.dirs}); a remote shard larger than this is refused
 * @param lookaheadRecords how far, in records per lane, the prefetcher runs ahead of emission to
 *     open and download the shards that emission will need
 * @param heapShardBytes heap a reader may fill with small local shards (at most 64 KiB of arrays
 *     each), read there instead of mapped; past it the least recently used close first. 0 maps
 *     every stored local shard
 */
@PublicEvolving
public record ReaderLimits(
        int maxOpenShards,
        int maxMappedShards,
        long shardCacheBytes,
        int lookaheadRecords,
        long heapShardBytes)
        implements Serializable {

    /** 256 open shards: a quarter of the common {@code ulimit -n 1024}. */
    public static final int DEFAULT_MAX_OPEN_SHARDS = 256;

    /** 4,096 mapped shards: with two arrays each, 8,192 mappings per reader. */
    public static final int DEFAULT_MAX_MAPPED_SHARDS = 4096;

    /** 8 GiB of downloaded remote shards. */
    public static final long DEFAULT_SHARD_CACHE_BYTES = 8L << 30;

    /** 65,536 records ahead of each lane's emission. */
    public static final int DEFAULT_LOOKAHEAD_RECORDS = 1 << 16;

    /** 256 MiB of small shards on the heap per reader. */
    public static final long DEFAULT_HEAP_SHARD_BYTES = 256L << 20;

    public static final ReaderLimits DEFAULTS =
            new ReaderLimits(
                    DEFAULT_MAX_OPEN_SHARDS,
                    DEFAULT_MAX_MAPPED_SHARDS,
                    DEFAULT_SHARD_CACHE_BYTES,
                    DEFAULT_LOOKAHEAD_RECORDS,
                    DEFAULT_HEAP_SHARD_BYTES);

    /** The limits with {@link #DEFAULT_HEAP_SHARD_BYTES} of small shards on the heap. */
    public ReaderLimits(
            int maxOpenShards, int maxMappedShards, long shardCacheBytes, int lookaheadRecords) {
        this(
                maxOpenShards,
                maxMappedShards,
                shardCacheBytes,
                lookaheadRecords,
                DEFAULT_HEAP_SHARD_BYTES);
    }

    public ReaderLimits {
        if (maxOpenShards < 1) {
            throw new IllegalArgumentException("maxOpenShards must be >= 1, got " + maxOpenShards);
        }
        if (maxMappedShards < maxOpenShards) {
            throw new IllegalArgumentException(
                    "maxMappedShards must be >= maxOpenShards="
                            + maxOpenShards
                            + ", got "
                            + maxMappedShards);
        }
        if (shardCacheBytes < 0) {
            throw new IllegalArgumentException(
                    "shardCacheBytes must be >= 0, got " + shardCacheBytes);
        }
        if (lookaheadRecords < 0) {
            throw new IllegalArgumentException(
                    "lookaheadRecords must be >= 0, got " + lookaheadRecords);
        }
        if (heapShardBytes < 0) {
            throw new IllegalArgumentException(
                    "heapShardBytes must be >= 0, got " + heapShardBytes);
        }
    }
}

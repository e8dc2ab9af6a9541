package io.github.muxsource.source;

/**
 * The {@link ReaderLimits} a {@link MuxSourceBuilder} is given, one setting at a time, each checked
 * at once. The two shard caps follow each other: set alone, either moves the other past its default
 * ({@code maxMappedShards} may not be below {@code maxOpenShards}); once both are set, each call is
 * checked against the other cap as set so far. Setting each once gives the same result, or the same
 * refusal, in either order.
 */
final class ReaderLimitsBuilder {
    private ReaderLimits limits = ReaderLimits.DEFAULTS;
    private boolean maxOpenShardsSet;
    private boolean maxMappedShardsSet;

    void maxOpenShards(int shards) {
        if (maxMappedShardsSet && shards > limits.maxMappedShards()) {
            throw new IllegalArgumentException(
                    "maxOpenShards must be <= maxMappedShards="
                            + limits.maxMappedShards()
                            + ", got "
                            + shards);
        }
        int mapped =
                maxMappedShardsSet
                        ? limits.maxMappedShards()
                        : Math.max(ReaderLimits.DEFAULT_MAX_MAPPED_SHARDS, shards);
        set(
                shards,
                mapped,
                limits.shardCacheBytes(),
                limits.lookaheadRecords(),
                limits.heapShardBytes());
        maxOpenShardsSet = true;
    }

    void maxMappedShards(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("maxMappedShards must be >= 1, got " + shards);
        }
        int open =
                maxOpenShardsSet
                        ? limits.maxOpenShards()
                        : Math.min(ReaderLimits.DEFAULT_MAX_OPEN_SHARDS, shards);
        set(
                open,
                shards,
                limits.shardCacheBytes(),
                limits.lookaheadRecords(),
                limits.heapShardBytes());
        maxMappedShardsSet = true;
    }

    void shardCacheBytes(long bytes) {
        set(
                limits.maxOpenShards(),
                limits.maxMappedShards(),
                bytes,
                limits.lookaheadRecords(),
                limits.heapShardBytes());
    }

    void lookaheadRecords(int records) {
        set(
                limits.maxOpenShards(),
                limits.maxMappedShards(),
                limits.shardCacheBytes(),
                records,
                limits.heapShardBytes());
    }

    void heapShardBytes(long bytes) {
        set(
                limits.maxOpenShards(),
                limits.maxMappedShards(),
                limits.shardCacheBytes(),
                limits.lookaheadRecords(),
                bytes);
    }

    /** The limits set so far (checked by {@link ReaderLimits}' constructor as each was set). */
    ReaderLimits build() {
        return limits;
    }

    private void set(int open, int mapped, long cacheBytes, int lookahead, long heapBytes) {
        limits = new ReaderLimits(open, mapped, cacheBytes, lookahead, heapBytes);
    }
}

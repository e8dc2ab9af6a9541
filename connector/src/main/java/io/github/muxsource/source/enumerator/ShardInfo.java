package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;

/**
 * A discovered, validated shard: where it is, how many rows it has, and what a reader checks when
 * it opens the file later (its size and layout fingerprint, or {@link ShardSlice#UNCHECKED}).
 */
@Internal
public record ShardInfo(String path, long rows, long fileSize, long fingerprint) {

    /** A shard whose size and layout are not checked when it is opened. */
    public ShardInfo(String path, long rows) {
        this(path, rows, ShardSlice.UNCHECKED, ShardSlice.UNCHECKED);
    }
}

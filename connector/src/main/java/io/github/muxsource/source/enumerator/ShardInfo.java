package io.github.muxsource.source.enumerator;

import org.apache.flink.annotation.Internal;

/** A discovered, validated shard: where it is and how many rows it has. */
@Internal
public record ShardInfo(String path, long rows) {}

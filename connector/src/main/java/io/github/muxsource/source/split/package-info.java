/**
 * The Flink split: {@link io.github.muxsource.source.split.LaneSplit} (a lane: shard slices plus
 * the lane's state) and its versioned serializer. Immutable values; imports Flink's connector API
 * and {@code java.*} only.
 */
package io.github.muxsource.source.split;

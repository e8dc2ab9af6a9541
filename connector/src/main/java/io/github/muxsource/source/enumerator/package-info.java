/**
 * The split enumerator: shard discovery and header validation, deterministic lane planning,
 * assignment (whole assignment, then "no more splits"), and the enumerator's versioned state.
 * Imports Flink, {@code npz} (headers) and {@code source.split}.
 */
package io.github.muxsource.source.enumerator;

/**
 * The source reader: one {@code mux} run per lane in the task thread, slices' rows read through
 * {@code npz}, shards opened on a loader thread, lane state written at each checkpoint, metrics.
 * Imports Flink, {@code mux}, {@code npz}, {@code sample} and {@code source.split}.
 */
package io.github.muxsource.source.reader;

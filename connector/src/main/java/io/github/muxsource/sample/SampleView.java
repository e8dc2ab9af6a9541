package io.github.muxsource.sample;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One mixed row as a mapper sees it: where it came from, and its fields. A view may be reused by
 * the source after the mapper returns: keep only what {@link #bytes} returns, never the view.
 */
@PublicEvolving
public interface SampleView {
    /** The dataset's name, as configured. */
    String dataset();

    /** The dataset's index in configuration order. */
    int datasetIndex();

    /** The shard's index within its dataset, in lexicographic order of the shard paths. */
    int shardIndex();

    /**
     * The shard's path or URI, as discovery found it. Views handed to a mapper by the source know
     * it; a {@link Sample} does not carry it (it is not serialized) and throws.
     */
    default String shardPath() {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " does not carry its shard's path");
    }

    /** The row within the shard (not within a row range). */
    long row();

    /** The lane (Flink split) that produced the row. */
    int lane();

    /** The row's position in its lane's sequence, from 0. */
    long lanePosition();

    FieldLayout layout();

    /** A field's row bytes in C order and the file's byte order; a fresh array the caller owns. */
    byte[] bytes(int field);

    default byte[] bytes(String field) {
        return bytes(layout().index(field));
    }
}

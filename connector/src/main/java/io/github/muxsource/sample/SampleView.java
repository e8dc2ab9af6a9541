package io.github.muxsource.sample;

import io.github.muxsource.npz.DType;

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

    /**
     * The row's position in its lane's sequence, from 0. Positions skip the rows a lane dropped
     * with {@code skipBadShards}: a position counts every row the lane's mux drew.
     */
    long lanePosition();

    /** The fields' names, dtypes and row shapes; the same for every row of a dataset. */
    FieldLayout layout();

    /** A field's row bytes in C order and the file's byte order; a fresh array the caller owns. */
    byte[] bytes(int field);

    /** The named field's row bytes; see {@link #bytes(int)}. */
    default byte[] bytes(String field) {
        return bytes(layout().index(field));
    }

    /** The named field's dtype. */
    default DType dtype(String field) {
        return layout().dtype(layout().index(field));
    }

    /** The shape of one row of the named field (its array's shape without the first dimension). */
    default long[] shape(String field) {
        return layout().shape(layout().index(field));
    }

    /**
     * Element {@code index} (C order within the row) as a long: bool, signed and unsigned integers
     * (u8 as its two's-complement bits), datetimes and timedeltas (their count of units).
     *
     * @throws IllegalArgumentException for a dtype a long cannot hold exactly (floats, complex,
     *     strings), naming the field, its dtype and the accessor that fits
     */
    default long getLong(String field, int index) {
        int f = layout().index(field);
        return FieldAccess.longAt(layout(), f, bytes(f), index);
    }

    /**
     * Element {@code index} as a double: floats, bool and integers of at most 4 bytes.
     *
     * @throws IllegalArgumentException for i8, u8, datetimes, complex and strings, naming the
     *     field, its dtype and the accessor that fits
     */
    default double getDouble(String field, int index) {
        int f = layout().index(field);
        return FieldAccess.doubleAt(layout(), f, bytes(f), index);
    }

    /**
     * Element {@code index} of a bytes ({@code S<n>}) or unicode ({@code U<n>}) field, without
     * numpy's zero padding.
     *
     * @throws IllegalArgumentException for any other dtype
     */
    default String getString(String field, int index) {
        int f = layout().index(field);
        return FieldAccess.stringAt(layout(), f, bytes(f), index);
    }

    /**
     * Every element widened to int: bool, i1, u1, i2, u2, i4 (e.g. uint8 pixels).
     *
     * @throws IllegalArgumentException for a dtype an int cannot hold exactly (u4, i8, u8, floats,
     *     ...), naming the field, its dtype and the accessor that fits
     */
    default int[] getInts(String field) {
        int f = layout().index(field);
        return FieldAccess.ints(layout(), f, bytes(f));
    }

    /**
     * Every element as a long; the dtypes of {@link #getLong}.
     *
     * @throws IllegalArgumentException for floats, complex and strings
     */
    default long[] getLongs(String field) {
        int f = layout().index(field);
        return FieldAccess.longs(layout(), f, bytes(f));
    }

    /**
     * Every element as a float: f2 (widened exactly), f4, bool, and integers of at most 2 bytes.
     *
     * @throws IllegalArgumentException for f8 (use {@link #getDoubles}), wider integers, complex
     *     and strings, naming the field, its dtype and the accessor that fits
     */
    default float[] getFloats(String field) {
        int f = layout().index(field);
        return FieldAccess.floats(layout(), f, bytes(f));
    }

    /**
     * Every element as a double; the dtypes of {@link #getDouble}.
     *
     * @throws IllegalArgumentException for i8, u8, datetimes, complex and strings
     */
    default double[] getDoubles(String field) {
        int f = layout().index(field);
        return FieldAccess.doubles(layout(), f, bytes(f));
    }
}

package io.github.muxsource.sample;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;

/**
 * Consecutive mixed rows of one reader as one record, for training loops that consume batches: each
 * field is one contiguous array of {@link #size()} rows in C order (numpy's {@code X[idx]} of the
 * rows, shape {@code [size, *rowShape]}), with the provenance of every row in parallel arrays.
 * Built by {@code MuxSource.builder()...batches(n)}: every batch holds {@code n} rows but the last
 * of a bounded source, which may hold fewer.
 *
 * <p>Row {@code i} of a batch is the row a record source with the same settings emits at the same
 * place in the reader's sequence: batches are that sequence cut into runs of {@code n}. All rows
 * share one {@link FieldLayout}. Immutable: the accessors return copies, except {@link
 * #bytesUnsafe}.
 */
@PublicEvolving
public final class SampleBatch implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] datasetNames;
    private final FieldLayout layout;
    private final int size;
    private final byte[][] fields;
    private final int[] datasetIndexes;
    private final int[] shardIndexes;
    private final long[] rows;
    private final int[] lanes;
    private final long[] lanePositions;

    /**
     * A batch of {@code size} rows; takes ownership of the arrays.
     *
     * @param datasetNames the configured dataset names, indexed by {@code datasetIndexes}
     * @param fields per field, {@code size * layout.rowBytes(field)} bytes
     * @throws IllegalArgumentException when an array's length does not fit {@code size} and the
     *     layout
     */
    public SampleBatch(
            String[] datasetNames,
            FieldLayout layout,
            int size,
            byte[][] fields,
            int[] datasetIndexes,
            int[] shardIndexes,
            long[] rows,
            int[] lanes,
            long[] lanePositions) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        if (fields.length != layout.size()) {
            throw new IllegalArgumentException(
                    "layout " + layout + " has " + layout.size() + " fields, got " + fields.length);
        }
        for (int f = 0; f < fields.length; f++) {
            if (fields[f].length != (long) size * layout.rowBytes(f)) {
                throw new IllegalArgumentException(
                        "field '"
                                + layout.name(f)
                                + "' of a batch of "
                                + size
                                + " rows needs "
                                + (long) size * layout.rowBytes(f)
                                + " bytes, got "
                                + fields[f].length);
            }
        }
        requireLength("datasetIndexes", datasetIndexes.length, size);
        requireLength("shardIndexes", shardIndexes.length, size);
        requireLength("rows", rows.length, size);
        requireLength("lanes", lanes.length, size);
        requireLength("lanePositions", lanePositions.length, size);
        this.datasetNames = datasetNames;
        this.layout = layout;
        this.size = size;
        this.fields = fields;
        this.datasetIndexes = datasetIndexes;
        this.shardIndexes = shardIndexes;
        this.rows = rows;
        this.lanes = lanes;
        this.lanePositions = lanePositions;
    }

    private static void requireLength(String name, int length, int size) {
        if (length != size) {
            throw new IllegalArgumentException(
                    name
                            + " of a batch of "
                            + size
                            + " rows must hold "
                            + size
                            + ", got "
                            + length);
        }
    }

    /** Rows in the batch. */
    public int size() {
        return size;
    }

    /** The fields' names, dtypes and row shapes, shared by every row. */
    public FieldLayout layout() {
        return layout;
    }

    /** The configured dataset names, in configuration order ({@link #datasetIndex} indexes it). */
    public String[] datasetNames() {
        return datasetNames.clone();
    }

    /** The batch shape of the named field: {@code [size, *rowShape]}. */
    public long[] shape(String field) {
        long[] row = layout.shapeUnsafe(layout.index(field));
        long[] shape = new long[row.length + 1];
        shape[0] = size;
        System.arraycopy(row, 0, shape, 1, row.length);
        return shape;
    }

    /** A copy of the field's bytes: every row's, back to back. */
    public byte[] bytes(int field) {
        return fields[field].clone();
    }

    /** The named field's bytes; see {@link #bytes(int)}. */
    public byte[] bytes(String field) {
        return bytes(layout.index(field));
    }

    /** The field's bytes without a copy; callers must not modify them. */
    public byte[] bytesUnsafe(int field) {
        return fields[field];
    }

    /**
     * Every element of the named field, all rows, widened to int; see {@link SampleView#getInts}.
     */
    public int[] getInts(String field) {
        int f = layout.index(field);
        return FieldAccess.ints(layout, f, fields[f]);
    }

    /** Every element of the named field, all rows, as a long; see {@link SampleView#getLongs}. */
    public long[] getLongs(String field) {
        int f = layout.index(field);
        return FieldAccess.longs(layout, f, fields[f]);
    }

    /** Every element of the named field, all rows, as a float; see {@link SampleView#getFloats}. */
    public float[] getFloats(String field) {
        int f = layout.index(field);
        return FieldAccess.floats(layout, f, fields[f]);
    }

    /**
     * Every element of the named field, all rows, as a double; see {@link SampleView#getDoubles}.
     */
    public double[] getDoubles(String field) {
        int f = layout.index(field);
        return FieldAccess.doubles(layout, f, fields[f]);
    }

    /** The dataset index of row {@code i}. */
    public int datasetIndex(int i) {
        return datasetIndexes[check(i)];
    }

    /** The dataset name of row {@code i}. */
    public String dataset(int i) {
        return datasetNames[datasetIndex(i)];
    }

    /** The shard index (within its dataset) of row {@code i}. */
    public int shardIndex(int i) {
        return shardIndexes[check(i)];
    }

    /** The row within its shard of row {@code i}. */
    public long row(int i) {
        return rows[check(i)];
    }

    /** The lane that produced row {@code i}. */
    public int lane(int i) {
        return lanes[check(i)];
    }

    /** Row {@code i}'s position in its lane's sequence. */
    public long lanePosition(int i) {
        return lanePositions[check(i)];
    }

    /** Every row's dataset index, a copy. */
    public int[] datasetIndexes() {
        return datasetIndexes.clone();
    }

    /** Every row's shard index, a copy. */
    public int[] shardIndexes() {
        return shardIndexes.clone();
    }

    /** Every row's row within its shard, a copy. */
    public long[] rows() {
        return rows.clone();
    }

    /** Every row's lane, a copy. */
    public int[] lanes() {
        return lanes.clone();
    }

    /** Every row's lane position, a copy. */
    public long[] lanePositions() {
        return lanePositions.clone();
    }

    /** Row {@code i} as a {@link Sample} of its own (its bytes copied). */
    public Sample sample(int i) {
        check(i);
        int[] offsets = layout.offsets();
        byte[] data = new byte[offsets[offsets.length - 1]];
        for (int f = 0; f < fields.length; f++) {
            int rowBytes = offsets[f + 1] - offsets[f];
            System.arraycopy(fields[f], i * rowBytes, data, offsets[f], rowBytes);
        }
        return new Sample(
                dataset(i),
                datasetIndexes[i],
                shardIndexes[i],
                rows[i],
                lanes[i],
                lanePositions[i],
                layout,
                data,
                offsets);
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("row " + i + " of a batch of " + size);
        }
        return i;
    }

    // For the serializer, which writes the arrays without copies.
    String[] datasetNamesUnsafe() {
        return datasetNames;
    }

    int[] datasetIndexesUnsafe() {
        return datasetIndexes;
    }

    int[] shardIndexesUnsafe() {
        return shardIndexes;
    }

    long[] rowsUnsafe() {
        return rows;
    }

    int[] lanesUnsafe() {
        return lanes;
    }

    long[] lanePositionsUnsafe() {
        return lanePositions;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SampleBatch)) {
            return false;
        }
        SampleBatch b = (SampleBatch) o;
        return size == b.size
                && Arrays.equals(datasetNames, b.datasetNames)
                && layout.equals(b.layout)
                && Arrays.equals(datasetIndexes, b.datasetIndexes)
                && Arrays.equals(shardIndexes, b.shardIndexes)
                && Arrays.equals(rows, b.rows)
                && Arrays.equals(lanes, b.lanes)
                && Arrays.equals(lanePositions, b.lanePositions)
                && Arrays.deepEquals(fields, b.fields);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * size + Arrays.hashCode(rows)) + Arrays.hashCode(lanePositions);
    }

    @Override
    public String toString() {
        return "SampleBatch["
                + size
                + " rows"
                + (size == 0 ? "" : ", first lane " + lanes[0] + "@" + lanePositions[0])
                + ", "
                + layout
                + "]";
    }
}

package io.github.muxsource.sample;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Arrays;
import java.util.Objects;

/**
 * The record a {@code MuxSource} emits: one row of one shard, with its provenance (dataset, shard,
 * row, lane and position in the lane) and its fields as raw bytes plus dtype and row shape.
 *
 * <p>Bytes stay in the file's byte order; the typed accessors of {@link SampleView} decode at the
 * record boundary (unsigned widened, float16 to float, big-endian swapped) and refuse a dtype they
 * would narrow. Immutable.
 */
@PublicEvolving
public final class Sample implements SampleView, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String dataset;
    private final int datasetIndex;
    private final int shardIndex;
    private final long row;
    private final int lane;
    private final long lanePosition;
    private final FieldLayout layout;

    /** Every field's bytes back to back in field order: one array per record, not one per field. */
    private final byte[] data;

    /** Where each field starts in {@link #data}, plus its length at the end. */
    private final int[] offsets;

    public Sample(
            String dataset,
            int datasetIndex,
            int shardIndex,
            long row,
            int lane,
            long lanePosition,
            FieldLayout layout,
            byte[][] values) {
        this(
                dataset,
                datasetIndex,
                shardIndex,
                row,
                lane,
                lanePosition,
                layout,
                concat(values),
                offsetsOf(values));
    }

    /** A sample over {@code data}, every field back to back, field f at {@code offsets[f]}. */
    Sample(
            String dataset,
            int datasetIndex,
            int shardIndex,
            long row,
            int lane,
            long lanePosition,
            FieldLayout layout,
            byte[] data,
            int[] offsets) {
        this.dataset = dataset;
        this.datasetIndex = datasetIndex;
        this.shardIndex = shardIndex;
        this.row = row;
        this.lane = lane;
        this.lanePosition = lanePosition;
        this.layout = layout;
        this.data = data;
        this.offsets = offsets;
    }

    private static byte[] concat(byte[][] values) {
        int total = 0;
        for (byte[] v : values) {
            total += v.length;
        }
        byte[] data = new byte[total];
        int at = 0;
        for (byte[] v : values) {
            System.arraycopy(v, 0, data, at, v.length);
            at += v.length;
        }
        return data;
    }

    private static int[] offsetsOf(byte[][] values) {
        int[] offsets = new int[values.length + 1];
        for (int f = 0; f < values.length; f++) {
            offsets[f + 1] = offsets[f] + values[f].length;
        }
        return offsets;
    }

    /** A sample holding copies of every field of {@code view}. */
    public static Sample of(SampleView view) {
        if (view instanceof Sample) {
            return (Sample) view;
        }
        if (view instanceof CopyableRow row) {
            // The source's own views: one array for every field, copied straight from the shard.
            FieldLayout layout = row.layout();
            int[] offsets = layout.offsets();
            byte[] data = new byte[offsets[offsets.length - 1]];
            for (int f = 0; f < offsets.length - 1; f++) {
                row.copyField(f, data, offsets[f]);
            }
            return new Sample(
                    row.dataset(),
                    row.datasetIndex(),
                    row.shardIndex(),
                    row.row(),
                    row.lane(),
                    row.lanePosition(),
                    layout,
                    data,
                    offsets);
        }
        byte[][] values = new byte[view.layout().size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = view.bytes(i);
        }
        return new Sample(
                view.dataset(),
                view.datasetIndex(),
                view.shardIndex(),
                view.row(),
                view.lane(),
                view.lanePosition(),
                view.layout(),
                values);
    }

    @Override
    public String dataset() {
        return dataset;
    }

    @Override
    public int datasetIndex() {
        return datasetIndex;
    }

    @Override
    public int shardIndex() {
        return shardIndex;
    }

    @Override
    public long row() {
        return row;
    }

    @Override
    public int lane() {
        return lane;
    }

    @Override
    public long lanePosition() {
        return lanePosition;
    }

    @Override
    public FieldLayout layout() {
        return layout;
    }

    /** A copy of the field's bytes. */
    @Override
    public byte[] bytes(int field) {
        return Arrays.copyOfRange(data, offsets[field], offsets[field + 1]);
    }

    /**
     * The field's bytes, without a copy when the sample has that one field only (the fields share
     * one array); callers must not modify them. {@link #bytesLength} and {@link #copyBytes} read a
     * field without any copy.
     */
    public byte[] bytesUnsafe(int field) {
        return offsets.length == 2 && data.length == offsets[1] ? data : bytes(field);
    }

    /** The length of the field's bytes. */
    public int bytesLength(int field) {
        return offsets[field + 1] - offsets[field];
    }

    /** Copies the field's bytes to {@code target[offset]}. */
    public void copyBytes(int field, byte[] target, int offset) {
        System.arraycopy(data, offsets[field], target, offset, bytesLength(field));
    }

    /** Writes the field's bytes to {@code out}, without a copy. */
    void writeBytes(int field, java.io.DataOutput out) throws java.io.IOException {
        out.write(data, offsets[field], bytesLength(field));
    }

    /**
     * The field's start in the shared array, after checking that element {@code index} is in it.
     */
    private int start(int field, int index) {
        int elements = bytesLength(field) / Math.max(1, layout.dtype(field).itemSize());
        if (index < 0 || index >= elements) {
            throw new IndexOutOfBoundsException(
                    "element "
                            + index
                            + " of field '"
                            + layout.name(field)
                            + "', which has "
                            + elements
                            + " elements per row");
        }
        return offsets[field];
    }

    // The typed accessors read the field's bytes in place, without the copy bytes(int) makes; the
    // rules of what each accessor holds exactly are SampleView's.

    @Override
    public long getLong(String field, int index) {
        int f = layout.index(field);
        return FieldAccess.longAt(layout, f, data, start(f, index), index);
    }

    @Override
    public double getDouble(String field, int index) {
        int f = layout.index(field);
        return FieldAccess.doubleAt(layout, f, data, start(f, index), index);
    }

    @Override
    public String getString(String field, int index) {
        int f = layout.index(field);
        return FieldAccess.stringAt(layout, f, data, start(f, index), index);
    }

    @Override
    public int[] getInts(String field) {
        int f = layout.index(field);
        return FieldAccess.ints(layout, f, data, offsets[f], bytesLength(f));
    }

    @Override
    public long[] getLongs(String field) {
        int f = layout.index(field);
        return FieldAccess.longs(layout, f, data, offsets[f], bytesLength(f));
    }

    @Override
    public float[] getFloats(String field) {
        int f = layout.index(field);
        return FieldAccess.floats(layout, f, data, offsets[f], bytesLength(f));
    }

    @Override
    public double[] getDoubles(String field) {
        int f = layout.index(field);
        return FieldAccess.doubles(layout, f, data, offsets[f], bytesLength(f));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Sample)) {
            return false;
        }
        Sample s = (Sample) o;
        return datasetIndex == s.datasetIndex
                && shardIndex == s.shardIndex
                && row == s.row
                && lane == s.lane
                && lanePosition == s.lanePosition
                && dataset.equals(s.dataset)
                && layout.equals(s.layout)
                && Arrays.equals(offsets, s.offsets)
                && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, shardIndex, row, lane, lanePosition);
    }

    @Override
    public String toString() {
        return "Sample["
                + dataset
                + "/"
                + shardIndex
                + "#"
                + row
                + ", lane "
                + lane
                + "@"
                + lanePosition
                + ", "
                + layout
                + "]";
    }
}

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
    private final byte[][] values;

    public Sample(
            String dataset,
            int datasetIndex,
            int shardIndex,
            long row,
            int lane,
            long lanePosition,
            FieldLayout layout,
            byte[][] values) {
        this.dataset = dataset;
        this.datasetIndex = datasetIndex;
        this.shardIndex = shardIndex;
        this.row = row;
        this.lane = lane;
        this.lanePosition = lanePosition;
        this.layout = layout;
        this.values = values;
    }

    /** A sample holding copies of every field of {@code view}. */
    public static Sample of(SampleView view) {
        if (view instanceof Sample) {
            return (Sample) view;
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
        return values[field].clone();
    }

    /** The field's bytes without a copy; callers must not modify them. */
    public byte[] bytesUnsafe(int field) {
        return values[field];
    }

    // The typed accessors read the field's own bytes, without the copy bytes(int) makes; the
    // rules of what each accessor holds exactly are SampleView's.

    @Override
    public long getLong(String field, int index) {
        int f = layout.index(field);
        return FieldAccess.longAt(layout, f, values[f], index);
    }

    @Override
    public double getDouble(String field, int index) {
        int f = layout.index(field);
        return FieldAccess.doubleAt(layout, f, values[f], index);
    }

    @Override
    public String getString(String field, int index) {
        int f = layout.index(field);
        return FieldAccess.stringAt(layout, f, values[f], index);
    }

    @Override
    public int[] getInts(String field) {
        int f = layout.index(field);
        return FieldAccess.ints(layout, f, values[f]);
    }

    @Override
    public long[] getLongs(String field) {
        int f = layout.index(field);
        return FieldAccess.longs(layout, f, values[f]);
    }

    @Override
    public float[] getFloats(String field) {
        int f = layout.index(field);
        return FieldAccess.floats(layout, f, values[f]);
    }

    @Override
    public double[] getDoubles(String field) {
        int f = layout.index(field);
        return FieldAccess.doubles(layout, f, values[f]);
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
                && Arrays.deepEquals(values, s.values);
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

package io.github.muxsource.sample;

import io.github.muxsource.npz.DType;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The fields of a sample: names, dtypes and row shapes, in archive order. Immutable and shared by
 * every sample read from shards of the same layout.
 */
@PublicEvolving
public final class FieldLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final String[] descrs;
    private final long[][] shapes;
    private final transient DType[] dtypes;

    /**
     * Where each field starts in a row holding every field back to back; the last is the total.
     * Computed as the layout is made (or read back), like {@link #dtypes}, so threads that share a
     * layout never see either half filled.
     */
    private final transient int[] offsets;

    public FieldLayout(List<String> names, List<String> descrs, List<long[]> shapes) {
        if (names.size() != descrs.size() || names.size() != shapes.size()) {
            throw new IllegalArgumentException(
                    "names, descrs and shapes must have the same length");
        }
        this.names = names.toArray(new String[0]);
        this.descrs = descrs.toArray(new String[0]);
        this.shapes = new long[shapes.size()][];
        for (int i = 0; i < this.shapes.length; i++) {
            this.shapes[i] = shapes.get(i).clone();
        }
        this.dtypes = new DType[this.descrs.length];
        for (int f = 0; f < dtypes.length; f++) {
            dtypes[f] = DType.parse(this.descrs[f]);
        }
        this.offsets = new int[this.names.length + 1];
        for (int f = 0; f < this.names.length; f++) {
            offsets[f + 1] = offsets[f] + computeRowBytes(f);
        }
    }

    /** A deserialized layout made anew, so that its offsets are computed. */
    private Object readResolve() {
        return new FieldLayout(List.of(names), List.of(descrs), Arrays.asList(shapes));
    }

    public int size() {
        return names.length;
    }

    public String name(int field) {
        return names[field];
    }

    /** The numpy descr of a field, e.g. {@code |u1}. */
    public String descr(int field) {
        return descrs[field];
    }

    public DType dtype(int field) {
        return dtypes[field];
    }

    /** The shape of one row of a field (the array's shape without its first dimension). */
    public long[] shape(int field) {
        return shapes[field].clone();
    }

    long[] shapeUnsafe(int field) {
        return shapes[field];
    }

    /** Bytes in one row of a field. */
    public int rowBytes(int field) {
        int[] o = offsets();
        return o[field + 1] - o[field];
    }

    private int computeRowBytes(int field) {
        long n = dtype(field).itemSize();
        for (long d : shapes[field]) {
            n *= d;
        }
        return (int) n;
    }

    /** Bytes in one row of all fields together. */
    public int rowBytes() {
        int[] o = offsets();
        return o[o.length - 1];
    }

    /**
     * Where a field starts in a row holding every field back to back in field order (as a {@link
     * Sample}'s data does); {@code offset(size())} is {@link #rowBytes()}.
     */
    public int offset(int field) {
        return offsets()[field];
    }

    /**
     * Field starts in a row holding every field back to back in field order, plus the total at the
     * end; shared, not to be modified.
     */
    int[] offsets() {
        return offsets;
    }

    /** The index of the field named {@code name}. */
    public int index(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "no field '" + name + "'; fields are " + Arrays.toString(names));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldLayout)) {
            return false;
        }
        FieldLayout other = (FieldLayout) o;
        return Arrays.equals(names, other.names)
                && Arrays.equals(descrs, other.descrs)
                && Arrays.deepEquals(shapes, other.shapes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(descrs);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            s.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(descrs[i]);
            s.append(Arrays.toString(shapes[i]));
        }
        return s.append('}').toString();
    }
}

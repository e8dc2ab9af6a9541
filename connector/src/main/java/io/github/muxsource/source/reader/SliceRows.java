package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.RowReader;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Row access to one slice's shard: a reader per array, and the field layout of its samples. */
final class SliceRows {
    final ShardSlice slice;
    final FieldLayout layout;
    private final RowReader[] readers;
    private final int[] rowBytes;
    private final String location;

    SliceRows(ShardSlice slice, NpzShard shard) throws IOException {
        this.slice = slice;
        this.location = shard.location();
        List<NpyArray> arrays = shard.arrays();
        List<String> names = new ArrayList<>();
        List<String> descrs = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        readers = new RowReader[arrays.size()];
        rowBytes = new int[arrays.size()];
        for (int i = 0; i < readers.length; i++) {
            NpyArray a = arrays.get(i);
            names.add(a.name());
            descrs.add(a.dtype().descr());
            shapes.add(a.rowShape());
            readers[i] = a.openRows();
            rowBytes[i] = a.rowBytes();
        }
        if (slice.rowEnd() > shard.rows()) {
            throw new IOException(
                    location
                            + ": has "
                            + shard.rows()
                            + " rows, but the lane expects at least "
                            + slice.rowEnd()
                            + "; did the shard change since the job started?");
        }
        this.layout = new FieldLayout(names, descrs, shapes);
    }

    /** Bytes of one row of a field. */
    int rowBytes(int field) {
        return rowBytes[field];
    }

    /** Copies a field's bytes for {@code row} to {@code target[offset]}. */
    void read(int field, long row, byte[] target, int offset) throws IOException {
        readers[field].read(row, target, offset);
    }

    /** A field's bytes for {@code row}, in a new array. */
    byte[] read(int field, long row) throws IOException {
        byte[] bytes = new byte[rowBytes[field]];
        readers[field].read(row, bytes, 0);
        return bytes;
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.npz.RowReader;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;

/** Row access to one slice's shard: a reader per array, and the field layout of its samples. */
final class SliceRows {
    final ShardSlice slice;
    final FieldLayout layout;
    private final RowReader[] readers;
    private final int[] rowBytes;

    SliceRows(ShardSlice slice, ShardRows shard) throws IOException {
        this.slice = slice;
        if (slice.rowEnd() > shard.rows) {
            throw new IOException(
                    shard.location()
                            + ": has "
                            + shard.rows
                            + " rows, but the lane expects at least "
                            + slice.rowEnd()
                            + "; did the shard change since the job started?");
        }
        this.readers = shard.readers();
        this.rowBytes = shard.rowBytes;
        this.layout = shard.layout;
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

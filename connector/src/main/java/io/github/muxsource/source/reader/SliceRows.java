package io.github.muxsource.source.reader;

import io.github.muxsource.npz.RowReader;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;

/**
 * A pinned shard's rows as one lane reads them: a reader per array, the lane's own where needed.
 */
final class SliceRows implements FieldRows {
    private final FieldLayout layout;
    private final RowReader[] readers;

    SliceRows(ShardSlice slice, ShardRows shard) throws IOException {
        checkCovers(slice, shard);
        this.readers = shard.readers();
        this.layout = shard.layout;
    }

    /** Fails unless the shard has every row of the slice: it changed since the job started. */
    static void checkCovers(ShardSlice slice, ShardRows shard) throws IOException {
        if (slice.rowEnd() > shard.rows) {
            throw new IOException(
                    shard.location()
                            + ": has "
                            + shard.rows
                            + " rows, but the lane expects at least "
                            + slice.rowEnd()
                            + "; did the shard change since the job started?");
        }
    }

    @Override
    public FieldLayout layout() {
        return layout;
    }

    @Override
    public void read(int field, long row, byte[] target, int offset) throws IOException {
        readers[field].read(row, target, offset);
    }
}

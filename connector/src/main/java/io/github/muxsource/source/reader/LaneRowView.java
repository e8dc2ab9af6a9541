package io.github.muxsource.source.reader;

import io.github.muxsource.sample.CopyableRow;
import io.github.muxsource.sample.FieldLayout;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The reusable view a lane hands its mapper; fields are read only when the mapper asks. */
final class LaneRowView implements CopyableRow {
    private final int lane;
    private final String[] datasetNames;
    private final ReaderMetrics metrics;
    private LaneSlice slice;
    private FieldRows rows;
    private long row;
    private long position;

    LaneRowView(int lane, String[] datasetNames, ReaderMetrics metrics) {
        this.lane = lane;
        this.datasetNames = datasetNames;
        this.metrics = metrics;
    }

    void set(LaneSlice slice, FieldRows rows, long row, long position) {
        this.slice = slice;
        this.rows = rows;
        this.row = row;
        this.position = position;
    }

    @Override
    public String dataset() {
        return datasetNames[slice.dataset];
    }

    @Override
    public int datasetIndex() {
        return slice.dataset;
    }

    @Override
    public int shardIndex() {
        return slice.shard;
    }

    @Override
    public String shardPath() {
        return slice.planned.path();
    }

    @Override
    public long row() {
        return row;
    }

    /** The row's slice in its lane. */
    int slice() {
        return slice.index;
    }

    @Override
    public int lane() {
        return lane;
    }

    @Override
    public long lanePosition() {
        return position;
    }

    @Override
    public FieldLayout layout() {
        return rows.layout();
    }

    @Override
    public void copyField(int field, byte[] target, int offset) {
        try {
            rows.read(field, row, target, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        metrics.bytesRead(rows.layout().rowBytes(field));
    }

    @Override
    public byte[] bytes(int field) {
        try {
            byte[] bytes = new byte[rows.layout().rowBytes(field)];
            rows.read(field, row, bytes, 0);
            metrics.bytesRead(bytes.length);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}

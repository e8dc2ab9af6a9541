package io.github.muxsource.source.reader;

import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.sample.SampleBatch;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Copies each row straight from its shard into staging arrays, and collects a batch when they hold
 * {@code size} rows (or, at the end of input, what they hold). A collected batch gets copies of the
 * staging arrays, never written again, so downstream may keep it (object reuse included).
 *
 * <p>Why staging: rows are written into arrays that stay in the cache from batch to batch, and the
 * batch's own arrays are then made in one copy each, which the JIT does without zeroing them first.
 * Filling a new 200 KB array row by row instead pays for zeroing it and for the lines the zeroing
 * brought in being evicted (by the random rows' reads) before the rows reach them.
 */
final class BatchEmission implements Emission<SampleBatch> {
    private final int size;
    private final String[] datasetNames;

    private FieldLayout layout;
    private FieldLayout checkedLayout;
    private int[] rowBytes;

    // Staging, reused from batch to batch; copied into every collected batch.
    private byte[][] fields;
    private int[] datasets;
    private int[] shards;
    private long[] rows;
    private int[] slices;
    private int[] lanes;
    private long[] positions;
    private int staged;
    private boolean collected;

    BatchEmission(int size, String[] datasetNames) {
        this.size = size;
        this.datasetNames = datasetNames;
    }

    @Override
    public void accept(LaneRowView row, ReaderOutput<SampleBatch> output) {
        if (staged == 0) {
            start(row.layout());
        } else if (row.layout() != checkedLayout) {
            checkLayout(row);
        }
        for (int f = 0; f < fields.length; f++) {
            row.copyField(f, fields[f], staged * rowBytes[f]);
        }
        datasets[staged] = row.datasetIndex();
        shards[staged] = row.shardIndex();
        rows[staged] = row.row();
        slices[staged] = row.slice();
        lanes[staged] = row.lane();
        positions[staged] = row.lanePosition();
        collected = ++staged == size;
        if (collected) {
            collect(output);
        }
    }

    private void start(FieldLayout first) {
        if (layout == null || !layout.equals(first)) {
            layout = first;
            rowBytes = new int[first.size()];
            for (int f = 0; f < rowBytes.length; f++) {
                rowBytes[f] = first.rowBytes(f);
            }
        }
        checkedLayout = first;
        if (fields == null || fields.length != rowBytes.length) {
            fields = new byte[rowBytes.length][];
            datasets = new int[size];
            shards = new int[size];
            rows = new long[size];
            slices = new int[size];
            lanes = new int[size];
            positions = new long[size];
        }
        for (int f = 0; f < fields.length; f++) {
            if (fields[f] == null || fields[f].length != size * rowBytes[f]) {
                fields[f] = new byte[size * rowBytes[f]];
            }
        }
    }

    /** Rows of one batch share one layout: the builder requires one layout across datasets. */
    private void checkLayout(LaneRowView row) {
        if (!layout.equals(row.layout())) {
            // The planner checks layouts across datasets; a shard rewritten since then lands here.
            throw new SuppressRestartsException(
                    new IllegalStateException(
                            row.shardPath()
                                    + ": row "
                                    + row.row()
                                    + " has arrays "
                                    + row.layout()
                                    + ", but the batch it joins has "
                                    + layout
                                    + "; a batch holds one layout"));
        }
        checkedLayout = row.layout();
    }

    private void collect(ReaderOutput<SampleBatch> output) {
        int n = staged;
        byte[][] batchFields = new byte[fields.length][];
        for (int f = 0; f < batchFields.length; f++) {
            batchFields[f] = Arrays.copyOf(fields[f], n * rowBytes[f]);
        }
        SampleBatch batch =
                new SampleBatch(
                        datasetNames,
                        layout,
                        n,
                        batchFields,
                        Arrays.copyOf(datasets, n),
                        Arrays.copyOf(shards, n),
                        Arrays.copyOf(rows, n),
                        Arrays.copyOf(lanes, n),
                        Arrays.copyOf(positions, n));
        staged = 0;
        output.collect(batch);
    }

    @Override
    public boolean collected() {
        return collected;
    }

    @Override
    public boolean finish(ReaderOutput<SampleBatch> output) {
        if (staged == 0) {
            return false;
        }
        collect(output);
        return true;
    }

    @Override
    public boolean holdsRows() {
        return staged > 0;
    }

    @Override
    public List<LaneRow> heldRows() {
        List<LaneRow> taken = new ArrayList<>(staged);
        for (int i = 0; i < staged; i++) {
            taken.add(new LaneRow(lanes[i], slices[i], rows[i], positions[i]));
        }
        return taken;
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.source.SampleMapper;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.util.List;

/** One record per row, made by the source's {@link SampleMapper}. */
final class RecordEmission<T> implements Emission<T> {
    private final SampleMapper<T> mapper;

    RecordEmission(SampleMapper<T> mapper) {
        this.mapper = mapper;
    }

    @Override
    public void accept(LaneRowView row, ReaderOutput<T> output) {
        T record = mapper.map(row);
        if (record == null) {
            // Replaying the same rows would return null again: restarting cannot help.
            throw new SuppressRestartsException(
                    new IllegalStateException(
                            "The SampleMapper returned null for lane "
                                    + row.lane()
                                    + " at position "
                                    + row.lanePosition()
                                    + " ("
                                    + row.shardPath()
                                    + ", row "
                                    + row.row()
                                    + "): a mapper must return a record for every row;"
                                    + " drop records downstream with filter() instead"));
        }
        output.collect(record);
    }

    @Override
    public boolean collected() {
        return true;
    }

    @Override
    public boolean finish(ReaderOutput<T> output) {
        return false;
    }

    @Override
    public boolean holdsRows() {
        return false;
    }

    @Override
    public List<LaneRow> heldRows() {
        return List.of();
    }
}

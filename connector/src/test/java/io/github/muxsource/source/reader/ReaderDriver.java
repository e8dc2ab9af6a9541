package io.github.muxsource.source.reader;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives a reader the way the task's mailbox does: poll, and wait on the future when told. */
final class ReaderDriver {
    private ReaderDriver() {}

    static MuxSourceReader<Sample> reader(MuxSource<Sample> source, List<LaneSplit> lanes) {
        MuxSourceReader<Sample> reader =
                (MuxSourceReader<Sample>) source.createReader(new TestingReaderContext());
        reader.start();
        reader.addSplits(lanes);
        reader.notifyNoMoreSplits();
        return reader;
    }

    /** Polls up to {@code n} records; fewer if the input ends. */
    static List<Sample> poll(MuxSourceReader<Sample> reader, int n) throws Exception {
        TestingReaderOutput<Sample> output = new TestingReaderOutput<>();
        while (output.getEmittedRecords().size() < n) {
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                break;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
        }
        return new ArrayList<>(output.getEmittedRecords());
    }
}

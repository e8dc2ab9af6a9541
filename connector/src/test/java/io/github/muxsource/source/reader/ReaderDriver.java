package io.github.muxsource.source.reader;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives a reader the way the task's mailbox does: poll, and wait on the future when told. */
final class ReaderDriver {
    private ReaderDriver() {}

    static <T> MuxSourceReader<T> reader(MuxSource<T> source, List<LaneSplit> lanes) {
        return reader(source, lanes, new TestingReaderContext());
    }

    /** A reader context whose metric group reports to {@code listener}. */
    static TestingReaderContext reportingTo(MetricListener listener) {
        return new TestingReaderContext(
                new Configuration(),
                InternalSourceReaderMetricGroup.mock(listener.getMetricGroup()));
    }

    static <T> MuxSourceReader<T> reader(
            MuxSource<T> source, List<LaneSplit> lanes, TestingReaderContext context) {
        MuxSourceReader<T> reader = (MuxSourceReader<T>) source.createReader(context);
        reader.start();
        reader.addSplits(lanes);
        reader.notifyNoMoreSplits();
        return reader;
    }

    /** One lane of records on its own, over {@code pool}, with metrics nothing reads. */
    static LaneRunner<Sample> lane(MuxConfig config, LaneSplit split, ShardPool pool)
            throws IOException {
        return LaneRunner.open(
                config,
                split,
                pool,
                new RecordEmission<>(Sample::of),
                config.datasets().stream().map(d -> d.name()).toArray(String[]::new),
                new ReaderMetrics(
                        new TestingReaderContext().metricGroup(),
                        config,
                        () -> 0,
                        () -> 0L,
                        () -> 1,
                        config::datasetWeights));
    }

    /** A reader of {@code lanes}, polled for up to {@code n} records, then closed. */
    static <T> List<T> run(MuxSource<T> source, List<LaneSplit> lanes, int n) throws Exception {
        MuxSourceReader<T> reader = reader(source, lanes);
        try {
            return poll(reader, n);
        } finally {
            reader.close();
        }
    }

    /** Polls up to {@code n} records; fewer if the input ends. */
    static <T> List<T> poll(MuxSourceReader<T> reader, int n) throws Exception {
        TestingReaderOutput<T> output = new TestingReaderOutput<>();
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

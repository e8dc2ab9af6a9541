package io.github.muxsource.source.reader;

import org.apache.flink.api.connector.source.ReaderOutput;

/**
 * What a reader makes of the rows its lanes step to, in the reader's order: one record per row
 * ({@link RecordEmission}), or batches of consecutive rows ({@link BatchEmission}).
 */
interface Emission<T> {
    /** Takes the row a lane just stepped to; may collect a record into {@code output}. */
    void accept(LaneRowView row, ReaderOutput<T> output);

    /** Whether the last {@link #accept} collected a record (then {@code pollNext} returns). */
    boolean collected();

    /** At the end of input: collects what is still held; whether it collected anything. */
    boolean finish(ReaderOutput<T> output);

    /**
     * Whether rows taken since the last record collected are still held. While they are, a
     * checkpoint must take every lane as it was when that record was collected (the rows are drawn
     * again after a restore), never as it is now.
     */
    boolean holdsRows();
}

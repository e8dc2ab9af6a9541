package io.github.muxsource.source.reader;

import org.apache.flink.api.connector.source.ReaderOutput;

import java.util.List;

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
     * Whether rows taken since the last record collected are still held: a checkpoint now must keep
     * them ({@link #heldRows}), for no downstream operator has seen them.
     */
    boolean holdsRows();

    /** The rows {@link #holdsRows} speaks of, in the order taken; empty when none. */
    List<LaneRow> heldRows();
}

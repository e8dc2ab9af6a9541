package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.IOException;

/**
 * A mux over a list of streams that can take more streams while it runs: a state written when the
 * mux held only its first streams restores into the mux rebuilt over a longer list, the added
 * streams joining as streams never activated. Discovery uses this to add new shards to a running
 * lane; {@link GrowingMux} records how many streams a state was written over.
 *
 * @param <T> the item type
 */
public interface GrowableStreamer<T> extends Streamer<T> {

    /** The number of streams this mux is built over. */
    int streamCount();

    /**
     * Restores a state written by a run of this mux over its first {@code written} streams (at most
     * {@link #streamCount()}); the others join as never activated. A run that had ended because it
     * had nothing left to read continues with the added streams.
     */
    Cursor<T> restoreGrown(DataInput in, int version, int written) throws IOException;
}

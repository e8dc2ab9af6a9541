package io.github.muxsource.mux;

import java.io.DataOutput;
import java.io.IOException;

/**
 * One iteration of a {@link Streamer}: yields items until it ends, and can write its full state.
 *
 * @param <T> the item type
 */
public interface Cursor<T> {

    /** The next item, or {@code null} once the iteration has ended (and ever after). */
    T next();

    /**
     * Writes everything needed to continue exactly here; {@link Streamer#restore} reads it back.
     */
    void snapshot(DataOutput out) throws IOException;

    /**
     * The state version this cursor behaves as and writes ({@link MuxSnapshots}): the current one,
     * unless it was restored from, or opened by a mux restored from, an older one.
     */
    default int version() {
        return MuxSnapshots.CURRENT_VERSION;
    }
}

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
}

package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.IOException;

/**
 * A restartable source of items, Pescador's {@code Streamer}: every activation opens a fresh
 * iteration. Muxes are streamers too, so muxes nest.
 *
 * @param <T> the item type; items are never {@code null}
 */
public interface Streamer<T> {

    /**
     * Opens a new iteration. All randomness of the iteration derives from {@code seed}, so the same
     * seed gives the same items.
     */
    Cursor<T> open(long seed);

    /** Reopens an iteration from the bytes its {@link Cursor#snapshot} wrote. */
    Cursor<T> restore(DataInput in) throws IOException;

    /**
     * Opens an iteration that behaves as state version {@code version} defines ({@link
     * MuxSnapshots}): a lane restored from an older version keeps that version's behaviour for the
     * rest of its life, so muxes pass their own version to every stream they open. Streamers whose
     * behaviour no version changed keep this default.
     */
    default Cursor<T> open(long seed, int version) {
        return open(seed);
    }

    /** Reopens an iteration written by a cursor that behaves as state version {@code version}. */
    default Cursor<T> restore(DataInput in, int version) throws IOException {
        return restore(in);
    }
}

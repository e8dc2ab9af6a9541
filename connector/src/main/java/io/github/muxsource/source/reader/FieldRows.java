package io.github.muxsource.source.reader;

import io.github.muxsource.sample.FieldLayout;

import java.io.IOException;

/** One shard's rows as a lane reads them, a field of a row at a time. */
interface FieldRows {
    FieldLayout layout();

    /** Copies a field's bytes for {@code row} to {@code target[offset]}. */
    void read(int field, long row, byte[] target, int offset) throws IOException;
}

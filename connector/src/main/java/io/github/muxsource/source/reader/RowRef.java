package io.github.muxsource.source.reader;

/** A mux item of a lane: which slice, which row of its shard. The bytes are read later. */
record RowRef(int slice, long row) {}

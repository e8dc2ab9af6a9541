package io.github.muxsource.source.reader;

/** A row a lane drew: the lane, the row's slice in the lane, the row, and the lane position. */
record LaneRow(int lane, int slice, long row, long position) {}

package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;

/** Checks that an opened shard is still the file the enumerator planned the slice over. */
final class PlannedShard {
    private PlannedShard() {}

    /** A shard that differs from its plan: no restart can fix it. */
    static final class ChangedException extends IOException {
        ChangedException(String message) {
            super(message);
        }
    }

    static void check(ShardSlice slice, NpzShard shard) throws ChangedException {
        if (slice.fileSize() != ShardSlice.UNCHECKED && shard.size() != slice.fileSize()) {
            throw resized(slice.path(), shard.size(), slice.fileSize());
        }
        if (slice.fingerprint() != ShardSlice.UNCHECKED
                && shard.fingerprint() != slice.fingerprint()) {
            throw changed(slice.path(), "its arrays' names, dtypes or shapes differ from the plan");
        }
        if (shard.rows() < slice.rowEnd()) {
            throw changed(
                    slice.path(),
                    "it has " + shard.rows() + " rows, the lane reads up to " + slice.rowEnd());
        }
    }

    /** A shard whose length is no longer the planned one. */
    static ChangedException resized(String path, long size, long planned) {
        return changed(path, "it is " + size + " bytes, planned " + planned);
    }

    /** A planned shard that can no longer be opened as an NPZ (deleted, truncated, replaced). */
    static ChangedException unreadable(ShardSlice slice, IOException cause) {
        ChangedException e = changed(slice.path(), "it cannot be opened: " + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    private static ChangedException changed(String path, String how) {
        return new ChangedException(
                path
                        + ": the shard changed since the job planned it: "
                        + how
                        + ". Shards must not change while a job reads them; publish new data as"
                        + " new files.");
    }
}

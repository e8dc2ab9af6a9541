package io.github.muxsource.source.enumerator;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;

/**
 * A mistake in a dataset that no restart can fix: a path that does not exist or matches no shard, a
 * file that is not an NPZ, a dataset without rows, or shards whose layouts differ. The message
 * names the dataset and the path. The enumerator fails the job with it without restarting; errors
 * of any other kind (a store briefly unreachable) go through the job's restart strategy.
 */
@PublicEvolving
public final class InvalidDatasetException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A mistake described by {@code message}, which names the dataset and the path. */
    public InvalidDatasetException(String message) {
        super(message);
    }

    /** A mistake described by {@code message}, found as {@code cause}. */
    public InvalidDatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}

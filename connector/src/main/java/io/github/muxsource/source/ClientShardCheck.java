package io.github.muxsource.source;

import io.github.muxsource.source.enumerator.InvalidDatasetException;
import io.github.muxsource.source.enumerator.ShardDiscovery;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The shard check {@link MuxSourceBuilder#build()} runs on the client: the enumerator's own
 * discovery, so that a mistake fails before the job is submitted rather than at its start.
 */
@Internal
final class ClientShardCheck {
    private static final String HOW_TO_SKIP =
            " (checked on the client by build(); checkShardsOnClient(false) skips this for paths"
                    + " only the cluster can reach)";

    private ClientShardCheck() {}

    static void run(MuxConfig config) {
        try {
            new ShardDiscovery(config).discover();
        } catch (InvalidDatasetException e) {
            throw new IllegalArgumentException(e.getMessage() + HOW_TO_SKIP, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() + HOW_TO_SKIP, e);
        }
    }
}

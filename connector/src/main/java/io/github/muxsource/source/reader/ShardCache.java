package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shards one reader has open, each opened once however many slices and lanes use it, and the
 * reader's spill space, which they share.
 */
final class ShardCache implements AutoCloseable {
    private final SpillSpace spillSpace;
    private final Map<String, NpzShard> open = new ConcurrentHashMap<>();

    ShardCache(SpillSpace spillSpace) {
        this.spillSpace = spillSpace;
    }

    NpzShard get(String path) throws IOException {
        NpzShard shard = open.get(path);
        if (shard == null) {
            shard = NpzShard.open(path, spillSpace);
            NpzShard raced = open.putIfAbsent(path, shard);
            if (raced != null) {
                shard.close();
                shard = raced;
            }
        }
        return shard;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (NpzShard shard : open.values()) {
            try {
                shard.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        try {
            spillSpace.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}

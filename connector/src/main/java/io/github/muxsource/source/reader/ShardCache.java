package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpzShard;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shards one reader has open, each opened once however many slices and lanes use it. */
final class ShardCache implements AutoCloseable {
    private final long maxInMemoryBytes;
    private final List<String> fields;
    private final Map<String, NpzShard> open = new ConcurrentHashMap<>();

    /**
     * @param fields the arrays to read of every shard; empty for every array
     */
    ShardCache(long maxInMemoryBytes, List<String> fields) {
        this.maxInMemoryBytes = maxInMemoryBytes;
        this.fields = fields;
    }

    NpzShard get(String path) throws IOException {
        NpzShard shard = open.get(path);
        if (shard == null) {
            shard = NpzShard.open(path, maxInMemoryBytes, fields);
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
        if (first != null) {
            throw first;
        }
    }
}

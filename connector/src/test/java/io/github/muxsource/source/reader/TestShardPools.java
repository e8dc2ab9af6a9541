package io.github.muxsource.source.reader;

import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.source.ReaderLimits;

import java.nio.file.Path;
import java.util.List;

/** Shard pools for tests, made as a reader makes them. */
final class TestShardPools {
    private TestShardPools() {}

    /**
     * A pool reading {@code fields} (empty for all) in any order, within {@code limits}, on two I/O
     * threads, with 1 MiB of spill space and of shard cache under {@code spill}.
     */
    static ShardPool anyOrder(ReaderLimits limits, List<String> fields, Path spill) {
        return new ShardPool(
                limits,
                new SpillSpace(spill, 1 << 20),
                fields,
                true,
                new ShardCache(spill.resolve("cache"), 1 << 20),
                2);
    }
}

package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.split.ShardSlice;

import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * Cuts runs of a dataset's rows, its shards laid end to end, into one slice per shard a run
 * touches. Runs must come in row order: the cutter walks the shards once, whatever the number of
 * lanes.
 */
final class ShardCutter {
    private final int dataset;
    private final int firstShardIndex;
    private final List<ShardInfo> shards;

    /** The shard holding the next run's first row, and that shard's first row. */
    private int shard;

    private long shardStart;

    /**
     * @param dataset the dataset's index
     * @param firstShardIndex the index within the dataset of {@code shards.get(0)}
     * @param shards the shards, in row order
     * @param firstRow the first row of {@code shards.get(0)} in the dataset's numbering
     */
    ShardCutter(int dataset, int firstShardIndex, List<ShardInfo> shards, long firstRow) {
        this.dataset = dataset;
        this.firstShardIndex = firstShardIndex;
        this.shards = shards;
        this.shardStart = firstRow;
    }

    /**
     * Appends to {@code lane} the slices of rows {@code [from, to)}, each weighing {@code weightOf}
     * its row count.
     */
    void cut(long from, long to, LongToDoubleFunction weightOf, List<ShardSlice> lane) {
        for (long at = from; at < to; ) {
            ShardInfo info = shards.get(shard);
            long shardEnd = shardStart + info.rows();
            if (at >= shardEnd) {
                shard++;
                shardStart = shardEnd;
                continue;
            }
            long end = Math.min(to, shardEnd);
            lane.add(
                    new ShardSlice(
                            dataset,
                            firstShardIndex + shard,
                            info.path(),
                            at - shardStart,
                            end - shardStart,
                            weightOf.applyAsDouble(end - at),
                            info.fileSize(),
                            info.fingerprint()));
            at = end;
        }
    }
}

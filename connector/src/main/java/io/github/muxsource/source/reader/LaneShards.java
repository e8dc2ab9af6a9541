package io.github.muxsource.source.reader;

import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shards one lane reads, by slice: their ids in the reader's {@link ShardPool}, and the pins
 * the lane holds. A shard whose rows are on the heap is read without a pin; any other is pinned
 * when the lane first draws a row of it, and unpinned when the lane has moved on to {@code nActive
 * + 2} other slices since.
 */
final class LaneShards {
    private final ShardPool pool;

    /** By slice: its shard's id in the pool. */
    private int[] ids;

    /** By slice: the rows the lane holds pinned, or null. */
    private SliceRows[] held;

    private final RecentSlices heldOrder;

    LaneShards(ShardPool pool, List<ShardSlice> slices, int nActive) {
        this.pool = pool;
        this.ids = pool.register(slices);
        this.held = new SliceRows[slices.size()];
        this.heldOrder = new RecentSlices(Math.max(nActive, 1) + 2);
    }

    /** Registers slices appended to the lane. */
    void add(List<ShardSlice> added) {
        int has = ids.length;
        int[] addedIds = pool.register(added);
        ids = Arrays.copyOf(ids, has + addedIds.length);
        System.arraycopy(addedIds, 0, ids, has, addedIds.length);
        held = Arrays.copyOf(held, ids.length);
    }

    /** By slice: its shard's id in the pool. */
    int[] ids() {
        return ids;
    }

    /**
     * The rows of slice number {@code slice} ({@code planned}), or null while the shard is still
     * opening. A shard whose rows are on the heap is read as it is (it stays valid after the pool
     * lets go of it); others are pinned while the lane holds them.
     */
    FieldRows rows(int slice, ShardSlice planned) throws IOException {
        ShardRows onHeap = pool.onHeap(ids[slice]);
        if (onHeap != null) {
            SliceRows.checkCovers(planned, onHeap);
            return onHeap;
        }
        SliceRows rows = held[slice];
        if (rows != null) {
            heldOrder.use(slice);
            return rows;
        }
        ShardRows shard = pool.tryPin(ids[slice]);
        if (shard == null) {
            return null;
        }
        rows = new SliceRows(planned, shard);
        held[slice] = rows;
        int dropped = heldOrder.add(slice);
        if (dropped != RecentSlices.NONE) {
            held[dropped] = null;
            pool.unpin(ids[dropped]);
        }
        return rows;
    }

    /** Completes when the shard of slice number {@code slice} is open. */
    CompletableFuture<?> whenOpen(int slice) {
        return pool.whenOpen(ids[slice]);
    }

    /** Unpins every shard the lane holds (when it ends or its reader closes). */
    void releaseAll() {
        for (int i = 0; i < heldOrder.size(); i++) {
            int slice = heldOrder.get(i);
            held[slice] = null;
            pool.unpin(ids[slice]);
        }
        heldOrder.clear();
    }
}

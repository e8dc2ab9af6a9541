package io.github.muxsource.source.reader;

import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shards one lane reads, by slice ({@link LaneSlice}): their ids in the reader's {@link
 * ShardPool}, and the rows the lane holds. A shard whose rows are on the heap is read without a
 * pin, and without asking the pool again until it closes a shard; any other is pinned when the lane
 * first draws a row of it, and unpinned when the lane has moved on to {@code nActive + 2} other
 * slices since.
 */
final class LaneShards {
    private final ShardPool pool;

    private LaneSlice[] slices;

    /** By slice: its shard's id in the pool, for the prefetcher. */
    private int[] ids;

    private final RecentSlices heldOrder;

    LaneShards(ShardPool pool, List<ShardSlice> planned, int nActive) {
        this.pool = pool;
        this.slices = new LaneSlice[0];
        this.ids = new int[0];
        this.heldOrder = new RecentSlices(Math.max(nActive, 1) + 2);
        add(planned);
    }

    /** Registers slices appended to the lane. */
    void add(List<ShardSlice> added) {
        int has = ids.length;
        int[] addedIds = pool.register(added);
        ids = Arrays.copyOf(ids, has + addedIds.length);
        System.arraycopy(addedIds, 0, ids, has, addedIds.length);
        slices = Arrays.copyOf(slices, ids.length);
        for (int i = 0; i < addedIds.length; i++) {
            slices[has + i] = new LaneSlice(added.get(i), addedIds[i]);
        }
    }

    /** By slice: its shard's id in the pool. */
    int[] ids() {
        return ids;
    }

    /** Slice number {@code slice}. */
    LaneSlice slice(int slice) {
        return slices[slice];
    }

    /**
     * The rows of slice number {@code slice}, or null while the shard is still opening. A shard
     * whose rows are on the heap is read as it is (it stays valid after the pool lets go of it);
     * others are pinned while the lane holds them.
     */
    FieldRows rows(int slice) throws IOException {
        LaneSlice s = slices[slice];
        ShardRows heap = s.heap;
        if (heap != null && s.heapSeen == pool.evictions()) {
            if (!heap.recent) {
                heap.recent = true; // what the pool's onHeap marks: see ShardRows.recent
            }
            return heap;
        }
        long evictions = pool.evictions(); // read before the look-up: a close after it is seen
        heap = pool.onHeap(s.shardId);
        if (heap != null) {
            SliceRows.checkCovers(s.planned, heap);
            s.heap = heap;
            s.heapSeen = evictions;
            return heap;
        }
        s.heap = null;
        if (s.held != null) {
            heldOrder.use(slice);
            return s.held;
        }
        ShardRows shard = pool.tryPin(s.shardId);
        if (shard == null) {
            return null;
        }
        s.held = new SliceRows(s.planned, shard);
        int dropped = heldOrder.add(slice);
        if (dropped != RecentSlices.NONE) {
            slices[dropped].held = null;
            pool.unpin(slices[dropped].shardId);
        }
        return s.held;
    }

    /** Completes when the shard of slice number {@code slice} is open. */
    CompletableFuture<?> whenOpen(int slice) {
        return pool.whenOpen(slices[slice].shardId);
    }

    /** Unpins every shard the lane holds (when it ends or its reader closes). */
    void releaseAll() {
        for (int i = 0; i < heldOrder.size(); i++) {
            LaneSlice s = slices[heldOrder.get(i)];
            s.held = null;
            pool.unpin(s.shardId);
        }
        heldOrder.clear();
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shards one lane reads, by slice ({@link LaneSlice}): their ids in the reader's {@link
 * ShardPool}, and the rows the lane holds. A shard whose rows are on the heap is read without a
 * pin, and kept to read without asking the pool again until it evicts a shard or the lane has
 * looked up {@link #keptSlices} other heap shards since; any other is pinned when the lane first
 * draws a row of it, and unpinned when the lane has moved on to {@code nActive + 2} other slices
 * since. Either way a lane holds the rows of a few shards, never of every shard it read.
 */
final class LaneShards {
    private final ShardPool pool;

    private LaneSlice[] slices;

    /** By slice: its shard's id in the pool, for the prefetcher. */
    private int[] ids;

    /** Slices holding pinned rows, most recently used last. */
    private final RecentSlices heldOrder;

    /** Slices keeping heap rows, in the order they were kept (not used: see {@link #keep}). */
    private final RecentSlices keptOrder;

    LaneShards(ShardPool pool, List<ShardSlice> planned, int nActive) {
        this.pool = pool;
        this.slices = new LaneSlice[0];
        this.ids = new int[0];
        this.heldOrder = new RecentSlices(Math.max(nActive, 1) + 2);
        this.keptOrder = new RecentSlices(keptSlices(nActive));
        add(planned);
    }

    /**
     * Heap slices a lane keeps: a slice kept as its activation starts is dropped after this many
     * other first reads, by when its activation has most often ended (one starts per slot's
     * budget), so it is looked up about once per activation; and the lane holds a bounded few.
     */
    static int keptSlices(int nActive) {
        return 4 * (Math.max(nActive, 1) + 2);
    }

    /** Registers slices appended to the lane. */
    void add(List<ShardSlice> added) {
        int has = ids.length;
        int[] addedIds = pool.register(added);
        ids = Arrays.copyOf(ids, has + addedIds.length);
        System.arraycopy(addedIds, 0, ids, has, addedIds.length);
        slices = Arrays.copyOf(slices, ids.length);
        for (int i = 0; i < addedIds.length; i++) {
            slices[has + i] = new LaneSlice(added.get(i), has + i, addedIds[i]);
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
            heap.markRead(); // as the pool's onHeap does
            return heap;
        }
        long evictions = pool.evictions(); // read before the look-up: a close after it is seen
        heap = pool.onHeap(s.shardId);
        if (heap != null) {
            SliceRows.checkCovers(s.planned, heap);
            keep(slice, heap, evictions);
            return heap;
        }
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

    /**
     * Keeps heap rows for the slice's next records. First kept, first dropped: marking use on every
     * record would cost what keeping saves, and a slice dropped while active is only looked up once
     * more.
     */
    private void keep(int slice, ShardRows rows, long evictions) {
        LaneSlice s = slices[slice];
        if (s.heap == null) {
            int dropped = keptOrder.add(slice);
            if (dropped != RecentSlices.NONE) {
                slices[dropped].heap = null;
            }
        }
        s.heap = rows;
        s.heapSeen = evictions;
    }

    /** Asks the pool to open the shard of slice number {@code slice} ahead of need, if it may. */
    void openAhead(int slice) {
        pool.prefetch(slices[slice].shardId);
    }

    /** Completes when the shard of slice number {@code slice} is open. */
    CompletableFuture<?> whenOpen(int slice) {
        return pool.whenOpen(slices[slice].shardId);
    }

    /** Unpins every shard the lane holds and lets go of kept rows (when it ends or closes). */
    void releaseAll() {
        for (int i = 0; i < heldOrder.size(); i++) {
            LaneSlice s = slices[heldOrder.get(i)];
            s.held = null;
            pool.unpin(s.shardId);
        }
        heldOrder.clear();
        for (int i = 0; i < keptOrder.size(); i++) {
            slices[keptOrder.get(i)].heap = null;
        }
        keptOrder.clear();
    }
}

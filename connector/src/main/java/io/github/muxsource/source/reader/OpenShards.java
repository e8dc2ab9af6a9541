package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpzShard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of a {@link ShardPool} that are open or opening, what they cost, and the clock sweep
 * that takes out the least recently used once more than {@code maxOpen} hold a file descriptor
 * (deflated shards), more than {@code maxMapped} are memory-mapped (stored local shards, which hold
 * no descriptor), or small shards on the heap take more than the heap budget. Guarded by the pool's
 * lock.
 */
final class OpenShards {
    private final int maxOpen;
    private final int maxMapped;
    private final long heapBudget;

    /**
     * In no particular order, for the sweep (which must cost what is open, not every id); {@code
     * open[clockHand]} is where the next sweep starts.
     */
    private PoolEntry[] open = new PoolEntry[16];

    private int count;
    private int clockHand;

    /** Entries holding a file descriptor, mapped entries, heap held by the rest. */
    private int descriptors;

    private int mapped;
    private long heapBytes;

    /** Sweeps begun while over a cap; each one's number marks the bits it cleared. */
    private long sweeps;

    OpenShards(int maxOpen, int maxMapped, long heapBudget) {
        this.maxOpen = maxOpen;
        this.maxMapped = maxMapped;
        this.heapBudget = heapBudget;
    }

    /** Entries open or opening. */
    int size() {
        return count;
    }

    /** Adds an entry that starts opening; it costs nothing until {@link #opened}. */
    void add(PoolEntry entry) {
        if (count == open.length) {
            open = Arrays.copyOf(open, 2 * count);
        }
        open[count++] = entry;
    }

    /**
     * Counts an opened entry by what it costs; {@code extraHeap} is what a shard object costs
     * beyond its data, roughly.
     */
    void opened(PoolEntry entry, long extraHeap) {
        NpzShard shard = entry.rows.shard;
        if (shard.holdsDescriptor()) {
            entry.kind = PoolEntry.Kind.DESCRIPTOR;
            descriptors++;
        } else if (shard.mappedBytes() > 0) {
            entry.kind = PoolEntry.Kind.MAPPED;
            mapped++;
        } else {
            entry.kind = PoolEntry.Kind.HEAP;
            entry.heapBytes = shard.heapBytes() + extraHeap;
            heapBytes += entry.heapBytes;
        }
    }

    private boolean overLimit() {
        return descriptors > maxOpen || mapped > maxMapped || heapBytes > heapBudget;
    }

    /**
     * Takes out entries that no lane pins or waits for, least recently used first, until every cost
     * is within its cap, and returns them (for the pool to forget and close); empty when within the
     * caps.
     *
     * <p>"Least recently used" is the clock (second chance) approximation: a hand sweeps the open
     * entries, sparing once each one used since it last passed ({@link ShardRows#recent}). Using a
     * shard then only sets a flag on an object it touches anyway, where an exact LRU list also
     * rewrote two neighbours, which with many shards are cache misses on every activation.
     */
    List<PoolEntry> evictOverLimit() {
        if (!overLimit()) {
            return List.of();
        }
        long sweep = ++sweeps;
        List<PoolEntry> evicted = new ArrayList<>();
        // Two full turns at most: the first may only clear reference bits.
        for (int step = 2 * count; step > 0 && overLimit(); step--) {
            if (clockHand >= count) {
                clockHand = 0;
            }
            PoolEntry entry = open[clockHand];
            if (entry.pins > 0 || entry.awaited || !helps(entry)) {
                clockHand++;
                continue;
            }
            if (entry.rows.recent) {
                entry.rows.recent = false;
                entry.clearedInSweep = sweep;
                clockHand++;
                continue;
            }
            if (entry.kind == PoolEntry.Kind.HEAP && entry.clearedInSweep == sweep) {
                // Spared once more: lanes read these without a pin, so the second turn must not
                // take the shard a lane read a moment ago. Heap may stay over budget until the
                // next sweep; descriptors and mappings, which lanes pin, may not.
                clockHand++;
                continue;
            }
            // The last entry moves into this slot: the hand stays to look at it next.
            open[clockHand] = open[--count];
            open[count] = null;
            evicted.add(entry);
            switch (entry.kind) {
                case DESCRIPTOR -> descriptors--;
                case MAPPED -> mapped--;
                case HEAP -> heapBytes -= entry.heapBytes;
                case OPENING -> {}
            }
        }
        return evicted;
    }

    /** Whether closing the entry brings a cost that is over its cap down. */
    private boolean helps(PoolEntry entry) {
        return switch (entry.kind) {
            case OPENING -> false;
            case DESCRIPTOR -> descriptors > maxOpen;
            case MAPPED -> mapped > maxMapped;
            case HEAP -> heapBytes > heapBudget;
        };
    }

    /** Takes out an entry that failed to open: it costs nothing and never closes. */
    void failed(PoolEntry entry) {
        for (int i = 0; i < count; i++) {
            if (open[i] == entry) {
                open[i] = open[--count];
                open[count] = null;
                return;
            }
        }
    }

    /** Takes out every entry, as the pool closes. */
    List<PoolEntry> removeAll() {
        List<PoolEntry> all = new ArrayList<>(Arrays.asList(open).subList(0, count));
        Arrays.fill(open, null);
        count = 0;
        return all;
    }
}

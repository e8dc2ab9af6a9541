package io.github.muxsource.source.reader;

import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.source.ReaderLimits;
import io.github.muxsource.source.split.ShardSlice;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The shards one reader has open: opened on I/O threads when a lane first needs them (or when the
 * prefetcher sees that one will), and closed, the least recently used first (by a clock sweep, see
 * {@link #evictOverLimit}), once more than {@link ReaderLimits#maxOpenShards} hold a file
 * descriptor (deflated shards), more than {@link ReaderLimits#maxMappedShards} are memory-mapped
 * (stored local shards, which hold no descriptor), or small shards read onto the heap take more
 * than {@link ReaderLimits#heapShardBytes}. A lane pins the shards it is reading; pinned shards are
 * never closed, nor is a shard a lane waits for before the lane has read it. A {@link ShardOpener}
 * opens them, checked against the plan; remote shards through a {@link ShardCache} of local copies.
 *
 * <p>Lanes register their slices once and then name shards by a small int id: with many small
 * shards a lane activates a stream every few records, and hashing paths into a map on every
 * activation cost more than the activation itself. For the same reason a small shard whose rows are
 * on the heap in one array ({@link ShardRows#onHeap}) is read without a pin or the lock: {@link
 * #onHeap} hands it out, and closing it releases nothing that a lane still reading it needs.
 */
final class ShardPool implements AutoCloseable {
    /** What a shard object costs beyond its data, roughly. */
    private static final long HEAP_OVERHEAD = 2 << 10;

    private final int maxMapped;
    private final ShardOpener opener;

    /**
     * A small int id per distinct shard that a lane of this reader reads, so that what runs on
     * every activation indexes arrays instead of hashing paths; guarded by this. Ids are never
     * reused; they cost a map entry per shard of the lanes held, as the lanes' splits do.
     */
    private final Map<String, Integer> ids = new HashMap<>();

    /**
     * By id: the slice a shard is opened and checked with (the first registered); guarded by this.
     */
    private ShardSlice[] planned = new ShardSlice[0];

    /**
     * By id: the shard's entry while open or opening, null otherwise. Written under this; read
     * without it by {@link #prefetch}'s quick check, where a stale answer only costs a lock.
     */
    private volatile AtomicReferenceArray<PoolEntry> entries = new AtomicReferenceArray<>(0);

    /**
     * By id: the shard's rows while it is open with its rows on the heap, null otherwise. Written
     * under this; read without it by {@link #onHeap}.
     */
    private volatile AtomicReferenceArray<ShardRows> onHeap = new AtomicReferenceArray<>(0);

    private boolean closed;

    /** Entries opened ahead of need and not used yet; bounded so they cannot crowd out the rest. */
    private int fresh;

    /** The entries open or opening, what they cost, and the clock that closes them. */
    private final OpenShards open;

    /** Shards closed to stay within the limits, ever: see {@link #openFrom}. */
    private volatile long evictions;

    /**
     * @param spillSpace where deflated arrays read in random order are inflated; the pool closes it
     *     last
     * @param fields the arrays to read of every shard, empty for all (see {@code
     *     MuxSourceBuilder.fields})
     * @param anyOrder whether rows are read in any order (random or shuffled), so that deflated
     *     arrays are spilled as their shard opens, on an I/O thread
     */
    ShardPool(
            ReaderLimits limits,
            SpillSpace spillSpace,
            List<String> fields,
            boolean anyOrder,
            ShardCache cache,
            int ioThreads) {
        this.maxMapped = limits.maxMappedShards();
        this.open =
                new OpenShards(
                        limits.maxOpenShards(), limits.maxMappedShards(), limits.heapShardBytes());
        this.opener =
                new ShardOpener(
                        limits.heapShardBytes(), spillSpace, fields, anyOrder, cache, ioThreads);
    }

    /**
     * Gives each slice the id of its shard, one id per distinct path (lanes cut from the same shard
     * share it). Call once per lane as it arrives; the ids stay valid for the pool's life.
     */
    synchronized int[] register(List<ShardSlice> slices) {
        int[] result = new int[slices.size()];
        for (int i = 0; i < result.length; i++) {
            ShardSlice slice = slices.get(i);
            Integer id = ids.get(slice.path());
            if (id == null) {
                id = ids.size();
                ids.put(slice.path(), id);
                if (id == planned.length) {
                    grow(Math.max(64, 2 * planned.length));
                }
                planned[id] = slice;
            }
            result[i] = id;
        }
        return result;
    }

    private void grow(int capacity) {
        planned = Arrays.copyOf(planned, capacity);
        entries = copyOf(entries, capacity);
        onHeap = copyOf(onHeap, capacity);
    }

    private static <E> AtomicReferenceArray<E> copyOf(AtomicReferenceArray<E> array, int length) {
        AtomicReferenceArray<E> copy = new AtomicReferenceArray<>(length);
        for (int i = 0; i < array.length(); i++) {
            copy.set(i, array.get(i));
        }
        return copy;
    }

    /**
     * The shard's rows, pinned, if it is open; otherwise {@code null}, and it is being opened
     * ({@link #whenOpen} tells when). A shard that failed to open fails here.
     */
    synchronized ShardRows tryPin(int id) throws IOException {
        PoolEntry entry = entry(id);
        ShardRows shard = entry.rows;
        if (shard == null) {
            if (!entry.shard.isDone()) {
                entry.awaited = true; // opened ahead, and now a lane waits for it
                return null;
            }
            shard = ShardOpener.result(entry.shard); // failed to open: throws
        }
        entry.pins++;
        shard.recent = true;
        read(entry, shard);
        return shard;
    }

    /**
     * The shard's rows if it is open with its rows on the heap, to read without a pin (what a lane
     * holds stays valid after the pool closes the shard); otherwise null, and {@link #tryPin} is
     * the way in. Takes no lock: lanes call it on every record.
     */
    ShardRows onHeap(int id) {
        ShardRows rows = onHeap.get(id);
        if (rows != null) {
            rows.markRead();
            if (rows.fresh) {
                readUnderLock(id, rows); // once per shard opened ahead or awaited
            }
        }
        return rows;
    }

    private synchronized void readUnderLock(int id, ShardRows rows) {
        PoolEntry entry = entries.get(id);
        if (entry != null && entry.rows == rows) {
            read(entry, rows);
        }
    }

    /**
     * A lane read the shard: a lane no longer waits for it, and if it was opened ahead it no longer
     * counts toward what may be opened ahead.
     */
    private void read(PoolEntry entry, ShardRows rows) {
        rows.fresh = false;
        entry.awaited = false;
        if (entry.fresh) {
            entry.fresh = false;
            fresh--;
        }
    }

    /** Completes when the shard is open, so that {@link #tryPin} returns it (or fails). */
    synchronized CompletableFuture<?> whenOpen(int id) {
        return entry(id).ready;
    }

    /** Unpins a shard a lane no longer reads. */
    synchronized void unpin(int id) {
        PoolEntry entry = entries.get(id);
        if (entry != null && entry.pins > 0) {
            entry.pins--;
        }
        evictOverLimit();
    }

    /**
     * Starts opening a shard that a lane will soon need, unless it is open already; returns false,
     * doing nothing, while half the pool already holds shards opened ahead and not used yet.
     */
    boolean prefetch(int id) {
        // Most shards a lane draws are open already (always, once all fit): answer those without
        // the lock the task thread takes on every activation.
        AtomicReferenceArray<PoolEntry> known = entries;
        if (id < known.length() && known.get(id) != null) {
            return true;
        }
        synchronized (this) {
            if (entries.get(id) != null) {
                return true;
            }
            if (fresh >= Math.max(1, maxMapped / 2)) {
                return false;
            }
            entry(id, true);
            return true;
        }
    }

    /**
     * The first index from {@code from} on whose shard in {@code ids} is not open (or failed to
     * open), or {@code ids.length} if all are. Indices before {@code from} are taken to be open:
     * callers start from 0 again once {@link #evictions} moved. Takes no lock.
     */
    int openFrom(int[] ids, int from) {
        AtomicReferenceArray<PoolEntry> known = entries;
        int i = from;
        while (i < ids.length) {
            PoolEntry entry = ids[i] < known.length() ? known.get(ids[i]) : null;
            if (entry == null || entry.ready == null || !entry.ready.isDone()) {
                break;
            }
            i++;
        }
        return i;
    }

    /** How many shards were closed to stay within the limits, so far. */
    long evictions() {
        return evictions;
    }

    /** Shards open or opening. */
    synchronized int open() {
        return open.size();
    }

    /** Bytes of remote shards downloaded so far. */
    long downloadedBytes() {
        return opener.downloadedBytes();
    }

    private PoolEntry entry(int id) {
        return entry(id, false);
    }

    /**
     * The shard's entry, created (and the shard opening) if it has none; {@code ahead} marks a new
     * one as opened ahead of need, and any other as awaited by a lane. The marks are set before the
     * open can complete, which may happen at once, on this thread: {@link #opened} copies them to
     * the rows, and an awaited shard is not closed before a lane reads it, even when opening it
     * takes the pool past a cap.
     */
    private PoolEntry entry(int id, boolean ahead) {
        if (closed) {
            throw new IllegalStateException("the reader's shard pool is closed");
        }
        PoolEntry entry = entries.get(id);
        if (entry == null) {
            ShardSlice slice = planned[id];
            PoolEntry created = new PoolEntry(id, opener.open(slice));
            entries.set(id, created);
            open.add(created);
            created.fresh = ahead;
            created.awaited = !ahead;
            fresh += ahead ? 1 : 0;
            // No sweep here: an opening shard costs nothing until opened() counts it and sweeps.
            // One stage for both outcomes, so that ready completes after either is counted.
            created.ready =
                    created.shard
                            .whenComplete(
                                    (rows, failure) -> {
                                        if (failure == null) {
                                            opened(created, rows);
                                        } else {
                                            failed(created);
                                        }
                                    })
                            .thenRun(() -> {});
            entry = created;
        }
        return entry;
    }

    /**
     * A shard failed to open: it stays, so that a lane asking for it gets the failure, but no
     * longer counts as open, as opened ahead (failed shards would otherwise stop prefetching for
     * good) nor as awaited.
     */
    private synchronized void failed(PoolEntry entry) {
        open.failed(entry);
        if (entry.fresh) {
            entry.fresh = false;
            fresh--;
        }
        entry.awaited = false;
    }

    /** Counts an opened shard by what it costs, once it is known. */
    private synchronized void opened(PoolEntry entry, ShardRows rows) {
        if (entry.kind != PoolEntry.Kind.OPENING || entries.get(entry.id) != entry) {
            return; // counted once; or the pool closed meanwhile
        }
        entry.rows = rows;
        open.opened(entry, HEAP_OVERHEAD);
        if (rows.onHeap()) {
            rows.fresh = entry.fresh || entry.awaited; // the first read tells the pool
            onHeap.set(entry.id, rows); // publishes rows.fresh to lanes
        }
        // Opening is what can take the pool past a cap: close what is over now, not at the next
        // call, which may be long in coming once the prefetcher has run ahead.
        evictOverLimit();
    }

    /**
     * Closes shards that no lane pins, least recently used first, while a cap is exceeded (see
     * {@link OpenShards#evictOverLimit}), and forgets them: lanes reading rows on the heap find
     * them gone, and the prefetcher's next look sees {@link #evictions} move.
     */
    private void evictOverLimit() {
        List<PoolEntry> evicted = open.evictOverLimit();
        for (PoolEntry entry : evicted) {
            entries.set(entry.id, null);
            onHeap.set(entry.id, null);
            fresh -= entry.fresh ? 1 : 0;
            evictions++; // after the entry is gone: see openFrom
        }
        evicted.forEach(ShardOpener::closeQuietly);
    }

    /**
     * Waits for the I/O threads, then closes every shard and deletes the spill files and the local
     * copies.
     */
    @Override
    public void close() throws IOException {
        List<PoolEntry> all;
        synchronized (this) {
            closed = true;
            all = open.removeAll();
            for (PoolEntry entry : all) {
                entries.set(entry.id, null);
                onHeap.set(entry.id, null);
            }
        }
        opener.stopThreads();
        all.forEach(ShardOpener::closeQuietly);
        opener.close();
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzFormatException;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.source.ReaderLimits;
import io.github.muxsource.source.split.ShardSlice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The shards one reader has open: opened on I/O threads when a lane first needs them (or when the
 * prefetcher sees that one will), and closed, the least recently used first (by a clock sweep, see
 * {@link #evictOverLimit}), once more than {@link ReaderLimits#maxOpenShards} hold a file
 * descriptor (deflated shards), more than {@link ReaderLimits#maxMappedShards} are memory-mapped
 * (stored local shards, which hold no descriptor), or small shards copied onto the heap take more
 * than {@value #HEAP_BUDGET} bytes. A lane pins the shards it is reading; pinned shards are never
 * closed. Remote shards are read through a {@link ShardCache} of local copies.
 *
 * <p>Opening checks the file against the plan (its size and layout fingerprint, recorded by the
 * enumerator) instead of trusting that nothing changed since the job started.
 *
 * <p>Lanes register their slices once and then name shards by a small int id: with many small
 * shards a lane activates a stream every few records, and hashing paths into a map on every
 * activation cost more than the activation itself. For the same reason a small shard whose rows are
 * on the heap in one array ({@link ShardRows#onHeap}) is read without a pin or the lock: {@link
 * #onHeap} hands it out, and closing it releases nothing that a lane still reading it needs.
 */
final class ShardPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardPool.class);

    /** A local stored shard with at most this much array data is read onto the heap as it opens. */
    static final long SMALL_SHARD_BYTES = 64 << 10;

    /** Heap for small shards copied there, per reader. */
    static final long HEAP_BUDGET = 256L << 20;

    /** What a shard object costs beyond its data, roughly. */
    private static final long HEAP_OVERHEAD = 2 << 10;

    private final int maxOpen;
    private final int maxMapped;
    private final SpillSpace spillSpace;
    private final List<String> fields;
    private final boolean anyOrder;
    private final ShardCache cache;
    private final ExecutorService io;

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
    private volatile AtomicReferenceArray<Entry> entries = new AtomicReferenceArray<>(0);

    /**
     * By id: the shard's rows while it is open with its rows on the heap, null otherwise. Written
     * under this; read without it by {@link #onHeap}.
     */
    private volatile AtomicReferenceArray<ShardRows> onHeap = new AtomicReferenceArray<>(0);

    /**
     * Entries open or opening, in no particular order, for the eviction sweep (which must cost what
     * is open, not every id); {@code open[clockHand]} is where the next sweep starts; guarded by
     * this.
     */
    private Entry[] open = new Entry[16];

    private int openCount;
    private int clockHand;

    /** One instance per distinct field layout, shared by the shards that have it. */
    private final Map<FieldLayout, FieldLayout> layouts = new ConcurrentHashMap<>();

    private boolean closed;

    /** The I/O threads, joined on close: an executor counts as terminated a little before. */
    private final List<Thread> threads = new ArrayList<>();

    /** Entries opened ahead of need and not used yet; bounded so they cannot crowd out the rest. */
    private int fresh;

    /** Entries holding a file descriptor, mapped entries, heap held by the rest. */
    private int descriptors;

    private int mapped;
    private long heapBytes;

    /** Calls of {@link #evictOverLimit} that had something to close. */
    private long sweeps;

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
        this.maxOpen = limits.maxOpenShards();
        this.maxMapped = limits.maxMappedShards();
        this.spillSpace = spillSpace;
        this.fields = fields;
        this.anyOrder = anyOrder;
        this.cache = cache;
        this.io =
                Executors.newFixedThreadPool(
                        ioThreads,
                        r -> {
                            Thread t = new Thread(r, "muxsource-shard-io");
                            t.setDaemon(true);
                            synchronized (threads) {
                                threads.add(t);
                            }
                            return t;
                        });
    }

    /** What an open shard costs: a descriptor, mappings, or heap. */
    private enum Kind {
        /**
         * Still opening: not counted. Only the I/O threads' few open files at a time hold a
         * descriptor; counting every queued open made the pool look over its limit and scan for
         * shards to close on every call while the prefetcher was ahead.
         */
        OPENING,
        DESCRIPTOR,
        MAPPED,
        HEAP
    }

    /** One shard, open or opening, and how many lanes read it now. */
    private static final class Entry {
        final int id;
        final CompletableFuture<ShardRows> shard;

        /** Completes once the open shard is counted and {@link #rows} set (or opening failed). */
        CompletableFuture<Void> ready;

        int pins;
        Kind kind = Kind.OPENING;
        long heapBytes;

        /** The shard once open, set under the pool's lock; read by lanes instead of the future. */
        ShardRows rows;

        /** Opened for the prefetcher and not pinned since. */
        boolean fresh;

        /** The sweep that last cleared its reference bit (see {@link #evictOverLimit}). */
        long clearedInSweep = -1;

        Entry(int id, CompletableFuture<ShardRows> shard) {
            this.id = id;
            this.shard = shard;
        }
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
        AtomicReferenceArray<Entry> larger = new AtomicReferenceArray<>(capacity);
        for (int i = 0; i < entries.length(); i++) {
            larger.set(i, entries.get(i));
        }
        entries = larger;
        AtomicReferenceArray<ShardRows> largerOnHeap = new AtomicReferenceArray<>(capacity);
        for (int i = 0; i < onHeap.length(); i++) {
            largerOnHeap.set(i, onHeap.get(i));
        }
        onHeap = largerOnHeap;
    }

    /**
     * The shard's rows, pinned, if it is open; otherwise {@code null}, and it is being opened
     * ({@link #whenOpen} tells when). A shard that failed to open fails here.
     */
    synchronized ShardRows tryPin(int id) throws IOException {
        Entry entry = entry(id);
        ShardRows shard = entry.rows;
        if (shard == null) {
            if (!entry.shard.isDone()) {
                return null;
            }
            shard = result(entry.shard); // failed to open: throws
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
            if (!rows.recent) {
                rows.recent = true; // without the lock: see ShardRows.recent
            }
            if (rows.fresh) {
                readUnderLock(id, rows); // once per shard opened ahead
            }
        }
        return rows;
    }

    private synchronized void readUnderLock(int id, ShardRows rows) {
        Entry entry = entries.get(id);
        if (entry != null && entry.rows == rows) {
            read(entry, rows);
        }
    }

    /** A shard opened ahead was read: it no longer counts toward what may be opened ahead. */
    private void read(Entry entry, ShardRows rows) {
        rows.fresh = false;
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
        Entry entry = entries.get(id);
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
        AtomicReferenceArray<Entry> known = entries;
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
        AtomicReferenceArray<Entry> known = entries;
        int i = from;
        while (i < ids.length) {
            Entry entry = ids[i] < known.length() ? known.get(ids[i]) : null;
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
        return openCount;
    }

    /** Bytes of remote shards downloaded so far. */
    long downloadedBytes() {
        return cache.downloadedBytes();
    }

    private Entry entry(int id) {
        return entry(id, false);
    }

    /**
     * The shard's entry, created (and the shard opening) if it has none; {@code ahead} marks a new
     * one as opened ahead of need. The mark is set before the open can complete, which may happen
     * at once, on this thread: {@link #opened} copies it to the rows.
     */
    private Entry entry(int id, boolean ahead) {
        if (closed) {
            throw new IllegalStateException("the reader's shard pool is closed");
        }
        Entry entry = entries.get(id);
        if (entry == null) {
            ShardSlice slice = planned[id];
            Entry created =
                    new Entry(id, CompletableFuture.supplyAsync(() -> openChecked(slice), io));
            entries.set(id, created);
            if (openCount == open.length) {
                open = Arrays.copyOf(open, 2 * openCount);
            }
            open[openCount++] = created;
            created.fresh = ahead;
            fresh += ahead ? 1 : 0;
            created.ready = created.shard.thenAccept(shard -> opened(created, shard));
            evictOverLimit();
            entry = created;
        }
        return entry;
    }

    /** Counts an opened shard by what it costs, once it is known. */
    private synchronized void opened(Entry entry, ShardRows rows) {
        if (entry.kind != Kind.OPENING || entries.get(entry.id) != entry) {
            return; // counted once; or the pool closed meanwhile
        }
        entry.rows = rows;
        NpzShard shard = rows.shard;
        if (shard.holdsDescriptor()) {
            entry.kind = Kind.DESCRIPTOR;
            descriptors++;
        } else if (shard.mappedBytes() > 0) {
            entry.kind = Kind.MAPPED;
            mapped++;
        } else {
            entry.kind = Kind.HEAP;
            entry.heapBytes = shard.heapBytes() + HEAP_OVERHEAD;
            heapBytes += entry.heapBytes;
            if (rows.onHeap()) {
                rows.fresh = entry.fresh;
                onHeap.set(entry.id, rows); // publishes rows.fresh to lanes
            }
        }
        // Opening is what can take the pool past a cap: close what is over now, not at the next
        // call, which may be long in coming once the prefetcher has run ahead.
        evictOverLimit();
    }

    private boolean overLimit() {
        return descriptors > maxOpen || mapped > maxMapped || heapBytes > HEAP_BUDGET;
    }

    /**
     * Closes shards that no lane pins, least recently used first, until at most {@code maxOpen}
     * hold a descriptor, at most {@code maxMapped} are mapped, and small shards copied onto the
     * heap take at most {@value #HEAP_BUDGET} bytes.
     *
     * <p>"Least recently used" is the clock (second chance) approximation: a hand sweeps the open
     * entries, sparing once each one used since it last passed. Pinning then only sets a flag on
     * the entry it touches anyway, where an exact LRU list also rewrote two neighbours, which with
     * many shards are cache misses on every activation.
     */
    private void evictOverLimit() {
        if (!overLimit()) {
            return;
        }
        long sweep = ++sweeps;
        List<Entry> evicted = new ArrayList<>();
        // Two full turns at most: the first may only clear reference bits.
        for (int step = 2 * openCount; step > 0 && overLimit(); step--) {
            if (clockHand >= openCount) {
                clockHand = 0;
            }
            Entry entry = open[clockHand];
            if (entry.pins > 0) {
                clockHand++;
                continue;
            }
            boolean helps =
                    switch (entry.kind) {
                        case OPENING -> false;
                        case DESCRIPTOR -> descriptors > maxOpen;
                        case MAPPED -> mapped > maxMapped;
                        case HEAP -> heapBytes > HEAP_BUDGET;
                    };
            if (!helps) {
                clockHand++;
                continue;
            }
            if (entry.rows.recent) {
                entry.rows.recent = false;
                entry.clearedInSweep = sweep;
                clockHand++;
                continue;
            }
            if (entry.kind == Kind.HEAP && entry.clearedInSweep == sweep) {
                // Spared once more: lanes read these without a pin, so the second turn must not
                // take the shard a lane read a moment ago. Heap may stay over budget until the
                // next sweep; descriptors and mappings, which lanes pin, may not.
                clockHand++;
                continue;
            }
            // The last entry moves into this slot: the hand stays to look at it next.
            entries.set(entry.id, null);
            onHeap.set(entry.id, null);
            open[clockHand] = open[--openCount];
            open[openCount] = null;
            evicted.add(entry);
            evictions++;
            fresh -= entry.fresh ? 1 : 0;
            switch (entry.kind) {
                case DESCRIPTOR -> descriptors--;
                case MAPPED -> mapped--;
                case HEAP -> heapBytes -= entry.heapBytes;
                case OPENING -> {}
            }
        }
        evicted.forEach(ShardPool::closeQuietly);
    }

    private ShardRows openChecked(ShardSlice slice) {
        try {
            String local = cache.localPath(slice);
            NpzShard shard;
            try {
                shard = NpzShard.open(local, spillSpace, fields, SMALL_SHARD_BYTES);
            } catch (NpzFormatException e) {
                // Discovery opened it as an NPZ: gone or broken since, which no restart mends.
                throw PlannedShard.unreadable(slice, e);
            }
            try {
                PlannedShard.check(slice, shard);
                if (anyOrder) {
                    for (NpyArray array : shard.arrays()) {
                        array.prepareRandomAccess();
                    }
                }
                return new ShardRows(shard, anyOrder, this::sharedLayout);
            } catch (IOException | RuntimeException e) {
                shard.close();
                throw e;
            }
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** The one instance of {@code layout} this pool hands out, so lanes share a hot copy. */
    private FieldLayout sharedLayout(FieldLayout layout) {
        FieldLayout known = layouts.putIfAbsent(layout, layout);
        return known != null ? known : layout;
    }

    private static ShardRows result(CompletableFuture<ShardRows> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IOException(cause);
        }
    }

    private static void closeQuietly(Entry entry) {
        if (entry.shard.isCompletedExceptionally()) {
            return;
        }
        ShardRows rows = entry.shard.getNow(null);
        if (rows != null) {
            try {
                rows.shard.close();
            } catch (IOException e) {
                LOG.warn("Could not close {}: {}", rows.location(), e.getMessage());
            }
        }
    }

    /**
     * Waits for the I/O threads, then closes every shard and deletes the spill files and the local
     * copies.
     */
    @Override
    public void close() throws IOException {
        List<Entry> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(Arrays.asList(open).subList(0, openCount));
            for (Entry entry : all) {
                entries.set(entry.id, null);
                onHeap.set(entry.id, null);
            }
            Arrays.fill(open, null);
            openCount = 0;
        }
        io.shutdownNow();
        try {
            if (!io.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("Shard I/O threads did not stop within 60 s");
            }
            synchronized (threads) {
                for (Thread t : threads) {
                    t.join(10_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(ShardPool::closeQuietly);
        try {
            spillSpace.close(); // spill files of shards that failed to close
        } finally {
            cache.close();
        }
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzFormatException;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.source.ReaderLimits;
import io.github.muxsource.source.split.ShardSlice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The shards one reader has open: opened on I/O threads when a lane first needs them (or when the
 * prefetcher sees that one will), and closed, least recently used first, once more than {@link
 * ReaderLimits#maxOpenShards} hold a file descriptor (deflated shards), more than {@link
 * ReaderLimits#maxMappedShards} are memory-mapped (stored local shards, which hold no descriptor),
 * or small shards copied onto the heap take more than {@value #HEAP_BUDGET} bytes. A lane pins the
 * shards it is reading; pinned shards are never closed. Remote shards are read through a {@link
 * ShardCache} of local copies.
 *
 * <p>Opening checks the file against the plan (its size and layout fingerprint, recorded by the
 * enumerator) instead of trusting that nothing changed since the job started.
 */
final class ShardPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardPool.class);

    /** A shard with at most this much array data is copied onto the heap as it opens. */
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

    /** By path, least recently used first; guarded by this. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    private boolean closed;

    /** The I/O threads, joined on close: an executor counts as terminated a little before. */
    private final List<Thread> threads = new ArrayList<>();

    /** Entries opened ahead of need and not used yet; bounded so they cannot crowd out the rest. */
    private int fresh;

    /** Entries holding a file descriptor, mapped entries, heap held by the rest. */
    private int descriptors;

    private int mapped;
    private long heapBytes;

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
        final CompletableFuture<NpzShard> shard;
        int pins;
        Kind kind = Kind.OPENING;
        long heapBytes;

        /** Opened for the prefetcher and not pinned since. */
        boolean fresh;

        Entry(CompletableFuture<NpzShard> shard) {
            this.shard = shard;
        }
    }

    /**
     * The slice's shard, pinned, if it is open; otherwise {@code null}, and it is being opened
     * ({@link #whenOpen} tells when). A shard that failed to open fails here.
     */
    synchronized NpzShard tryPin(ShardSlice slice) throws IOException {
        Entry entry = entry(slice);
        if (!entry.shard.isDone()) {
            return null;
        }
        NpzShard shard = result(entry.shard);
        entry.pins++;
        if (entry.fresh) {
            entry.fresh = false;
            fresh--;
        }
        return shard;
    }

    /** Completes when the slice's shard is open (or failed to open). */
    synchronized CompletableFuture<?> whenOpen(ShardSlice slice) {
        return entry(slice).shard;
    }

    /** Unpins a shard a lane no longer reads. */
    synchronized void unpin(String path) {
        Entry entry = entries.get(path);
        if (entry != null && entry.pins > 0) {
            entry.pins--;
        }
        evictOverLimit();
    }

    /**
     * Starts opening a shard that a lane will soon need, unless it is open already; returns false,
     * doing nothing, while half the pool already holds shards opened ahead and not used yet.
     */
    synchronized boolean prefetch(ShardSlice slice) {
        if (entries.containsKey(slice.path())) {
            return true;
        }
        if (fresh >= Math.max(1, maxMapped / 2)) {
            return false;
        }
        entry(slice).fresh = true;
        fresh++;
        return true;
    }

    /** Shards open or opening. */
    synchronized int open() {
        return entries.size();
    }

    /** Bytes of remote shards downloaded so far. */
    long downloadedBytes() {
        return cache.downloadedBytes();
    }

    private Entry entry(ShardSlice slice) {
        if (closed) {
            throw new IllegalStateException("the reader's shard pool is closed");
        }
        Entry entry = entries.get(slice.path());
        if (entry == null) {
            Entry created = new Entry(CompletableFuture.supplyAsync(() -> openChecked(slice), io));
            entries.put(slice.path(), created);
            created.shard.thenAccept(shard -> opened(created, shard));
            evictOverLimit();
            entry = created;
        }
        return entry;
    }

    /** Counts an opened shard by what it costs, once it is known. */
    private synchronized void opened(Entry entry, NpzShard shard) {
        if (entry.kind != Kind.OPENING) {
            return; // counted once
        }
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
        }
        // Opening is what can take the pool past a cap: close what is over now, not at the next
        // call, which may be long in coming once the prefetcher has run ahead.
        evictOverLimit();
    }

    private boolean overLimit() {
        return descriptors > maxOpen || mapped > maxMapped || heapBytes > HEAP_BUDGET;
    }

    /**
     * Closes least recently used shards that no lane pins until at most {@code maxOpen} hold a
     * descriptor, at most {@code maxMapped} are mapped, and small shards copied onto the heap take
     * at most {@value #HEAP_BUDGET} bytes.
     */
    private void evictOverLimit() {
        if (!overLimit()) {
            return;
        }
        List<Entry> evicted = new ArrayList<>();
        Iterator<Entry> it = entries.values().iterator();
        while (overLimit() && it.hasNext()) {
            Entry entry = it.next();
            boolean helps =
                    switch (entry.kind) {
                        case OPENING -> false;
                        case DESCRIPTOR -> descriptors > maxOpen;
                        case MAPPED -> mapped > maxMapped;
                        case HEAP -> heapBytes > HEAP_BUDGET;
                    };
            if (helps && entry.pins == 0) {
                it.remove();
                evicted.add(entry);
                fresh -= entry.fresh ? 1 : 0;
                switch (entry.kind) {
                    case DESCRIPTOR -> descriptors--;
                    case MAPPED -> mapped--;
                    case HEAP -> heapBytes -= entry.heapBytes;
                    case OPENING -> {}
                }
            }
        }
        evicted.forEach(ShardPool::closeQuietly);
    }

    private NpzShard openChecked(ShardSlice slice) {
        try {
            String local = cache.localPath(slice);
            NpzShard shard;
            try {
                shard = NpzShard.open(local, spillSpace, fields);
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
                if (!shard.holdsDescriptor() && shard.mappedBytes() <= SMALL_SHARD_BYTES) {
                    shard.copyIntoHeap();
                }
            } catch (IOException | RuntimeException e) {
                shard.close();
                throw e;
            }
            return shard;
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static NpzShard result(CompletableFuture<NpzShard> future) throws IOException {
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
        NpzShard shard = entry.shard.getNow(null);
        if (shard != null) {
            try {
                shard.close();
            } catch (IOException e) {
                LOG.warn("Could not close {}: {}", shard.location(), e.getMessage());
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
            all = new ArrayList<>(entries.values());
            entries.clear();
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

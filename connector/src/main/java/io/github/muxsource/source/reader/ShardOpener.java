package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzFormatException;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.source.split.ShardSlice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Opens the shards of a {@link ShardPool} on its I/O threads, as its readers will read them: a
 * remote shard through the local {@link ShardCache}, small local ones onto the heap, deflated
 * arrays read in any order spilled, and every shard checked against the plan (its size and layout
 * fingerprint, recorded by the enumerator) instead of trusting that nothing changed since the job
 * started.
 */
final class ShardOpener {
    private static final Logger LOG = LoggerFactory.getLogger(ShardOpener.class);

    /** What {@link NpzShard#open} reads onto the heap: small shards, unless there is no budget. */
    private final long heapUpTo;

    private final SpillSpace spillSpace;
    private final List<String> fields;
    private final boolean anyOrder;
    private final ShardCache cache;
    private final ExecutorService io;

    /** The I/O threads, joined on close: an executor counts as terminated a little before. */
    private final List<Thread> threads = new ArrayList<>();

    /** One instance per distinct field layout, shared by the shards that have it. */
    private final Map<FieldLayout, FieldLayout> layouts = new ConcurrentHashMap<>();

    /**
     * @param heapShardBytes the reader's heap budget for small shards; 0 maps every stored shard
     * @param spillSpace where deflated arrays read in random order are inflated; closed last
     * @param fields the arrays to read of every shard, empty for all (see {@code
     *     MuxSourceBuilder.fields})
     * @param anyOrder whether rows are read in any order (random or shuffled), so that deflated
     *     arrays are spilled as their shard opens, on an I/O thread
     */
    ShardOpener(
            long heapShardBytes,
            SpillSpace spillSpace,
            List<String> fields,
            boolean anyOrder,
            ShardCache cache,
            int ioThreads) {
        this.heapUpTo = heapShardBytes == 0 ? 0 : NpzShard.SMALL_SHARD_BYTES;
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

    /** Starts opening the shard of {@code slice} on an I/O thread. */
    CompletableFuture<ShardRows> open(ShardSlice slice) {
        return CompletableFuture.supplyAsync(() -> openChecked(slice), io);
    }

    private ShardRows openChecked(ShardSlice slice) {
        try {
            String local = cache.localPath(slice);
            NpzShard shard;
            try {
                shard = NpzShard.open(local, spillSpace, fields, heapUpTo);
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

    /** The open shard, or what failed to open it. */
    static ShardRows result(CompletableFuture<ShardRows> future) throws IOException {
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

    /** Closes the shard of an entry if it opened; logs a failure to close. */
    static void closeQuietly(PoolEntry entry) {
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

    /** Bytes of remote shards downloaded so far. */
    long downloadedBytes() {
        return cache.downloadedBytes();
    }

    /** Stops the I/O threads and waits for them: no shard opens after this returns. */
    void stopThreads() {
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
    }

    /** Deletes the spill files and the local copies; after {@link #stopThreads}. */
    void close() throws IOException {
        try {
            spillSpace.close(); // spill files of shards that failed to close
        } finally {
            cache.close();
        }
    }
}

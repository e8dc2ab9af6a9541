package io.github.muxsource.source.reader;

import io.github.muxsource.mux.Cursor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a copy of each lane's mux ahead of emission and asks the {@link ShardPool} to open the
 * shards it will read, so that emission rarely waits for a shard to open or download. This works
 * because a mux's future does not depend on row contents: which streams activate and which rows
 * they draw follow from the RNG and the row counts alone. The copy is never checkpointed; a
 * restored lane starts a new one at its restored state.
 *
 * <p>A copy whose lane has every shard open stops: running it would open nothing, and on a small
 * machine it takes a core from emission (with tens of thousands of small shards, all of which fit
 * the pool, it ran as long as emission itself). Should a shard of that lane close later, the copy
 * is too far behind to catch up, so the prefetcher asks the reader for a new one ({@link
 * #pollStale}).
 */
final class Prefetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);

    /** Records one lane may advance per round, so every lane gets its turn. */
    private static final int ROUND = 4096;

    private final ShardPool pool;
    private final int lookahead;
    private final List<Ahead> lanes = new CopyOnWriteArrayList<>();

    /** Lanes whose copy stopped and fell behind, for the reader to copy again. */
    private final Queue<LaneRunner<?>> stale = new ConcurrentLinkedQueue<>();

    private final Thread thread;
    private volatile boolean stopped;

    /** A lane's copy of its mux, and how far it has run. */
    private static final class Ahead {
        final LaneRunner<?> lane;

        /** By slice: its shard's id in the pool. */
        final int[] shardIds;

        final Cursor<RowRef> cursor;
        long position;
        int lastSlice = -1;

        /** A slice the pool had no room to prefetch yet. */
        int deferred = -1;

        boolean ended;

        /** Slices before this one have their shard open, unless the pool closed shards since... */
        int openUpTo;

        /** ...this many: the pool's count when {@link #openUpTo} was last checked. */
        long evictionsSeen;

        /** Stopped because every shard of the lane was open; read by {@link #idle}. */
        volatile boolean idle;

        /** Stopped for good: the reader makes a new copy. */
        boolean stale;

        Ahead(LaneRunner<?> lane, Cursor<RowRef> cursor) {
            this.lane = lane;
            this.shardIds = lane.shardIds();
            this.cursor = cursor;
            this.position = lane.emitted();
        }
    }

    Prefetcher(ShardPool pool, int lookahead, int subtask) {
        this.pool = pool;
        this.lookahead = lookahead;
        this.thread = new Thread(this::run, "muxsource-prefetch-" + subtask);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts running ahead of a lane from its current state. */
    void add(LaneRunner<?> lane, Cursor<RowRef> cursor) {
        lanes.add(new Ahead(lane, cursor));
        LockSupport.unpark(thread);
    }

    void remove(LaneRunner<?> lane) {
        lanes.removeIf(a -> a.lane == lane);
    }

    private void run() {
        try {
            while (!stopped) {
                boolean progressed = false;
                for (Ahead ahead : lanes) {
                    progressed |= advance(ahead);
                }
                if (!progressed) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        } catch (RuntimeException e) {
            // Emission opens what it needs itself and reports failures where they happen.
            LOG.warn("Prefetching stopped: {}", e.getMessage(), e);
        }
    }

    /** Whether the lane's copy stopped because every shard of the lane is open. */
    boolean idle(LaneRunner<?> lane) {
        for (Ahead ahead : lanes) {
            if (ahead.lane == lane) {
                return ahead.idle;
            }
        }
        return false;
    }

    /**
     * A lane whose copy stopped and fell behind, and that needs a new copy at its current position
     * (see {@link #add}); null if none. Called by the reader on its task thread.
     */
    LaneRunner<?> pollStale() {
        return stale.poll();
    }

    /**
     * Runs one lane's copy up to {@code lookahead} records past emission, unless every shard of the
     * lane is open; true if it moved.
     */
    private boolean advance(Ahead ahead) {
        if (ahead.stale) {
            return false;
        }
        if (allOpen(ahead)) {
            ahead.idle = true;
            return false;
        }
        if (ahead.idle) {
            ahead.idle = false;
            if (ahead.position < ahead.lane.publishedPosition()) {
                // A shard closed since the copy stopped, and it stood still: it cannot catch up.
                ahead.stale = true;
                stale.add(ahead.lane);
                return false;
            }
        }
        if (ahead.deferred >= 0) {
            if (!pool.prefetch(ahead.shardIds[ahead.deferred])) {
                return false;
            }
            ahead.deferred = -1;
        }
        long emitted = ahead.lane.publishedPosition();
        long limit = emitted + lookahead;
        int moved = 0;
        while (!ahead.ended && ahead.position < limit && moved < ROUND && !stopped) {
            RowRef ref = ahead.cursor.next();
            moved++;
            if (ref == null) {
                ahead.ended = true;
                break;
            }
            ahead.position++;
            if (ref.slice() != ahead.lastSlice) {
                ahead.lastSlice = ref.slice();
                if (ahead.position > emitted && !pool.prefetch(ahead.shardIds[ref.slice()])) {
                    ahead.deferred = ref.slice();
                    break;
                }
            }
        }
        return moved > 0;
    }

    /** Whether every shard of the lane is open; cheap when asked again and nothing changed. */
    private boolean allOpen(Ahead ahead) {
        long evictions = pool.evictions();
        if (evictions != ahead.evictionsSeen) {
            ahead.evictionsSeen = evictions;
            ahead.openUpTo = 0;
        }
        ahead.openUpTo = pool.openFrom(ahead.shardIds, ahead.openUpTo);
        return ahead.openUpTo == ahead.shardIds.length;
    }

    /** Stops the thread and waits for it. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join(60_000);
    }
}

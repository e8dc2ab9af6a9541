package io.github.muxsource.source.reader;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lanes one reader holds, in lane order, and whose turn it is. A turn is the run of records a
 * lane emits before another lane's turn (see {@link LaneRunner}). When a turn ends, the next goes
 * to the lane at the lowest position (records emitted, plus rows dropped with {@code
 * skipBadShards}), ties to the lowest lane; a restored lane that was mid-turn continues it first.
 * The lane holding the turn records it in its split, so the order depends only on checkpointed
 * state, never on timing.
 *
 * <p>Read by metric gauges on other threads (hence the copy-on-write list); changed by the task
 * thread only.
 */
final class LaneTurns<T> {
    private final List<LaneRunner<T>> lanes = new CopyOnWriteArrayList<>();

    /** The lane whose turn it is, or null between turns. */
    private LaneRunner<T> current;

    /** The lanes held, in lane order; not to be changed through this view. */
    List<LaneRunner<T>> lanes() {
        return lanes;
    }

    boolean isEmpty() {
        return lanes.isEmpty();
    }

    /** The lane numbered {@code lane}, or null if this reader does not hold it. */
    LaneRunner<T> lane(int lane) {
        for (LaneRunner<T> held : lanes) {
            if (held.lane() == lane) {
                return held;
            }
        }
        return null;
    }

    void add(LaneRunner<T> lane) {
        lanes.add(lane);
        lanes.sort(Comparator.comparingInt(LaneRunner::lane));
    }

    /** Lets go of a lane that ended; its turn ends with it. */
    void remove(LaneRunner<T> lane) {
        end(lane);
        lanes.remove(lane);
    }

    /** The lane whose turn it is, starting the next turn if none is under way; null if all wait. */
    LaneRunner<T> current() {
        return current != null ? current : next();
    }

    /** Ends the lane's turn if it emitted the turn's last record. */
    void emitted(LaneRunner<T> lane) {
        if (lane.turnOver()) {
            end(lane);
        }
    }

    /** Ends the lane's turn now (it ended, or waits for new slices). */
    void end(LaneRunner<T> lane) {
        lane.endTurn();
        if (current == lane) {
            current = null;
        }
    }

    /**
     * Starts the next turn: a restored lane that was mid-turn continues it (the lowest, should a
     * rescale bring several); otherwise the lane at the lowest position, ties to the lowest. Lanes
     * waiting for new slices sit out; null when every lane waits.
     */
    private LaneRunner<T> next() {
        LaneRunner<T> next = null;
        for (LaneRunner<T> lane : lanes) {
            if (lane.dry()) {
                continue;
            }
            if (lane.holdsTurn()) {
                if (next == null) {
                    next = lane;
                } else {
                    lane.endTurn();
                }
            }
        }
        if (next == null) {
            for (LaneRunner<T> lane : lanes) {
                if (!lane.dry() && (next == null || lane.emitted() < next.emitted())) {
                    next = lane;
                }
            }
            if (next == null) {
                return null;
            }
            next.beginTurn();
        }
        current = next;
        return next;
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.source.split.LiveWeightsEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Live weights a reader received and its lanes have not taken yet, and the hold on emission that
 * taking them starts. Lanes take live weights at a checkpoint, each from its current position, and
 * the snapshot records weights and positions together; emission then holds until that checkpoint
 * completes, so a restore from the last completed checkpoint replays exactly what was delivered
 * after it (see docs/state.md, "Live weights"). Used by the task thread only.
 */
final class LiveWeightsHold {
    private static final Logger LOG = LoggerFactory.getLogger(LiveWeightsHold.class);

    /** Live weights received and not taken yet: they apply at the next checkpoint. */
    private LiveWeightsEvent pending;

    /**
     * The checkpoint that recorded live weights the lanes took, until it completes; -1 when none:
     * no record drawn with them leaves before their positions are in a completed checkpoint.
     */
    private long holdUntilCheckpoint = -1;

    /** Keeps live weights until the next checkpoint (a newer change replaces an older one). */
    void received(LiveWeightsEvent live) {
        pending = live;
    }

    /** Whether live weights wait for a checkpoint. */
    boolean pending() {
        return pending != null;
    }

    /** Whether emission holds until a checkpoint completes. */
    boolean holding() {
        return holdUntilCheckpoint >= 0;
    }

    /**
     * At checkpoint {@code checkpointId}: every lane takes the pending weights from its current
     * position, unless it has them; returns the lanes that took them. If any did, emission holds
     * until this checkpoint completes.
     */
    <L extends LaneRunner<?>> List<L> takeAt(long checkpointId, List<L> lanes) {
        LiveWeightsEvent live = pending;
        pending = null;
        List<L> took = new ArrayList<>();
        for (L lane : lanes) {
            if (lane.applyLive(live.weights())) {
                took.add(lane);
                LOG.info(
                        "Lane {} draws with live weights {} (change {}) from position {}",
                        lane.lane(),
                        live.weights(),
                        live.version(),
                        lane.emitted());
            }
        }
        if (!took.isEmpty()) {
            holdUntilCheckpoint = Math.max(holdUntilCheckpoint, checkpointId);
        }
        return took;
    }

    /** A checkpoint completed; true if that ends the hold. */
    boolean completed(long checkpointId) {
        if (holding() && checkpointId >= holdUntilCheckpoint) {
            holdUntilCheckpoint = -1;
            return true;
        }
        return false;
    }
}

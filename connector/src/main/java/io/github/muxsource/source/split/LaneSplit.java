package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Flink split: a lane. A fixed group of shard slices plus the lane's mux state, so that Flink
 * can move whole lanes between readers and a lane's sequence never depends on parallelism.
 * Immutable: progress makes a new split.
 *
 * @param lane the lane's index, from 0
 * @param laneCount the number of lanes, fixed when the job first started
 * @param slices the lane's streams, in mux order
 * @param muxState the mux's snapshot ({@code io.github.muxsource.mux.MuxSnapshots}), or {@code
 *     null} before the lane first ran
 * @param emitted records the lane has emitted (the next record's lane position)
 * @param maxRecords the records this lane may emit in all (its share of the source's {@code
 *     maxRecords}), {@link #UNBOUNDED}, or {@link #MAX_RECORDS_FROM_CONFIG} for lanes planned by
 *     version 1, whose share follows from the configuration
 * @param turn the lane's activation count when its current turn in its reader began, or {@link
 *     #NO_TURN} when the lane was not emitting when the snapshot was taken
 * @param pendingSlice the slice of a row the mux drew but the lane has not emitted yet (its shard
 *     was still opening), or {@link #NO_PENDING}; the mux state is past it
 * @param pendingRow that row, or 0
 */
@Internal
public record LaneSplit(
        int lane,
        int laneCount,
        List<ShardSlice> slices,
        byte[] muxState,
        long emitted,
        long maxRecords,
        long turn,
        int pendingSlice,
        long pendingRow)
        implements SourceSplit {

    public static final long UNBOUNDED = -1;
    public static final long MAX_RECORDS_FROM_CONFIG = -2;
    public static final long NO_TURN = -1;
    public static final int NO_PENDING = -1;

    public LaneSplit {
        slices = List.copyOf(slices);
    }

    /** A lane before it first ran. */
    public static LaneSplit fresh(
            int lane, int laneCount, List<ShardSlice> slices, long maxRecords) {
        return new LaneSplit(lane, laneCount, slices, null, 0, maxRecords, NO_TURN, NO_PENDING, 0);
    }

    @Override
    public String splitId() {
        return "lane-" + lane;
    }

    /** The same lane with new progress. */
    public LaneSplit withState(
            byte[] state, long emittedSoFar, long turnStart, int pendingSlice, long pendingRow) {
        return new LaneSplit(
                lane,
                laneCount,
                slices,
                state,
                emittedSoFar,
                maxRecords,
                turnStart,
                pendingSlice,
                pendingRow);
    }

    /** The same lane with slices found while the job runs appended; its mux state adds them. */
    public LaneSplit withSlicesAdded(List<ShardSlice> added) {
        List<ShardSlice> all = new java.util.ArrayList<>(slices);
        all.addAll(added);
        return new LaneSplit(
                lane,
                laneCount,
                all,
                muxState,
                emitted,
                maxRecords,
                turn,
                pendingSlice,
                pendingRow);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LaneSplit)) {
            return false;
        }
        LaneSplit s = (LaneSplit) o;
        return lane == s.lane
                && laneCount == s.laneCount
                && emitted == s.emitted
                && maxRecords == s.maxRecords
                && turn == s.turn
                && pendingSlice == s.pendingSlice
                && pendingRow == s.pendingRow
                && slices.equals(s.slices)
                && Arrays.equals(muxState, s.muxState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                lane,
                laneCount,
                emitted,
                maxRecords,
                turn,
                pendingSlice,
                pendingRow,
                slices,
                Arrays.hashCode(muxState));
    }

    @Override
    public String toString() {
        return "LaneSplit[lane="
                + lane
                + "/"
                + laneCount
                + ", emitted="
                + emitted
                + (maxRecords >= 0 ? " of " + maxRecords : "")
                + (turn >= 0 ? ", turn@" + turn : "")
                + (pendingSlice >= 0 ? ", pending=" + pendingSlice + "@" + pendingRow : "")
                + ", slices="
                + (slices.size() <= 8 ? slices.toString() : slices.size() + " slices")
                + ", state="
                + (muxState == null ? "fresh" : muxState.length + " bytes")
                + "]";
    }
}

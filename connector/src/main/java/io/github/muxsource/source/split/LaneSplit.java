package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param emitted the lane's position: the rows its mux drew, whether emitted, held in a half-filled
 *     batch, or dropped (rows of shards it skipped with {@code skipBadShards}, rows past a {@code
 *     maxRecords} lowered at a restore)
 * @param maxRecords the records this lane may emit in all (its share of the source's {@code
 *     maxRecords}), {@link #UNBOUNDED}, or {@link #MAX_RECORDS_FROM_CONFIG} for lanes planned by
 *     version 1, whose share follows from the configuration
 * @param turn the lane's activation count when its current turn in its reader began, or {@link
 *     #NO_TURN} when the lane was not emitting when the snapshot was taken
 * @param pendingSlice the slice of a row the mux drew but the lane has not emitted yet (its shard
 *     was still opening), or {@link #NO_PENDING}; the mux state is past it
 * @param pendingRow that row, or 0
 * @param quota how the lane takes its share of the source's record counts
 * @param settings the configuration the state was made with ({@code ConfigFingerprint}); empty for
 *     lanes planned before version 3, which are not checked at restore
 * @param weights the dataset weights the lane draws with now
 * @param held the rows the lane drew into its reader's half-filled batch when the snapshot was
 *     taken, emitted again first on restore (see {@link HeldRow}); empty when it held none
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
        long pendingRow,
        LaneQuota quota,
        Map<String, String> settings,
        LaneWeights weights,
        List<HeldRow> held)
        implements SourceSplit {

    public static final long UNBOUNDED = -1;
    public static final long MAX_RECORDS_FROM_CONFIG = -2;
    public static final long NO_TURN = -1;
    public static final int NO_PENDING = -1;

    public LaneSplit {
        slices = List.copyOf(slices);
        quota = quota == null ? LaneQuota.equal(lane, laneCount) : quota;
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        weights = weights == null ? LaneWeights.CONFIGURED : weights;
        held = held == null ? List.of() : List.copyOf(held);
    }

    /** A lane as version 3 knew it: no held rows. */
    public LaneSplit(
            int lane,
            int laneCount,
            List<ShardSlice> slices,
            byte[] muxState,
            long emitted,
            long maxRecords,
            long turn,
            int pendingSlice,
            long pendingRow,
            LaneQuota quota,
            Map<String, String> settings,
            LaneWeights weights) {
        this(
                lane,
                laneCount,
                slices,
                muxState,
                emitted,
                maxRecords,
                turn,
                pendingSlice,
                pendingRow,
                quota,
                settings,
                weights,
                null);
    }

    /** A lane as version 2 knew it: equal quota, no settings, the configured weights. */
    public LaneSplit(
            int lane,
            int laneCount,
            List<ShardSlice> slices,
            byte[] muxState,
            long emitted,
            long maxRecords,
            long turn,
            int pendingSlice,
            long pendingRow) {
        this(
                lane,
                laneCount,
                slices,
                muxState,
                emitted,
                maxRecords,
                turn,
                pendingSlice,
                pendingRow,
                null,
                Map.of(),
                null);
    }

    /** A lane before it first ran. */
    public static LaneSplit fresh(
            int lane, int laneCount, List<ShardSlice> slices, long maxRecords) {
        return new LaneSplit(lane, laneCount, slices, null, 0, maxRecords, NO_TURN, NO_PENDING, 0);
    }

    /** A lane before it first ran, with its quota, settings and starting weights. */
    public static LaneSplit fresh(
            int lane,
            int laneCount,
            List<ShardSlice> slices,
            long maxRecords,
            LaneQuota quota,
            Map<String, String> settings,
            LaneWeights weights) {
        return new LaneSplit(
                lane,
                laneCount,
                slices,
                null,
                0,
                maxRecords,
                NO_TURN,
                NO_PENDING,
                0,
                quota,
                settings,
                weights);
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
                pendingRow,
                quota,
                settings,
                weights,
                held);
    }

    /** The same lane under the settings and weights it runs with now. */
    public LaneSplit withMix(
            long maxRecordsNow, Map<String, String> settingsNow, LaneWeights weightsNow) {
        return new LaneSplit(
                lane,
                laneCount,
                slices,
                muxState,
                emitted,
                maxRecordsNow,
                turn,
                pendingSlice,
                pendingRow,
                quota,
                settingsNow,
                weightsNow,
                held);
    }

    /** The same lane holding {@code rows} in its reader's half-filled batch. */
    public LaneSplit withHeld(List<HeldRow> rows) {
        return new LaneSplit(
                lane,
                laneCount,
                slices,
                muxState,
                emitted,
                maxRecords,
                turn,
                pendingSlice,
                pendingRow,
                quota,
                settings,
                weights,
                rows);
    }

    /** The same lane with slices found while the job runs appended; its mux state adds them. */
    public LaneSplit withSlicesAdded(List<ShardSlice> added) {
        List<ShardSlice> all = new ArrayList<>(slices);
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
                pendingRow,
                quota,
                settings,
                weights,
                held);
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
                && Arrays.equals(muxState, s.muxState)
                && quota.equals(s.quota)
                && settings.equals(s.settings)
                && weights.equals(s.weights)
                && held.equals(s.held);
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
                Arrays.hashCode(muxState),
                quota,
                settings,
                weights,
                held);
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
                + (weights.current().isEmpty() ? "" : ", weights=" + weights)
                + (held.isEmpty() ? "" : ", held=" + held.size() + " rows")
                + ", slices="
                + (slices.size() <= 8 ? slices.toString() : slices.size() + " slices")
                + ", state="
                + (muxState == null ? "fresh" : muxState.length + " bytes")
                + "]";
    }
}

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
 */
@Internal
public record LaneSplit(
        int lane, int laneCount, List<ShardSlice> slices, byte[] muxState, long emitted)
        implements SourceSplit {

    public LaneSplit {
        slices = List.copyOf(slices);
    }

    @Override
    public String splitId() {
        return "lane-" + lane;
    }

    /** The same lane with new progress. */
    public LaneSplit withState(byte[] state, long emittedSoFar) {
        return new LaneSplit(lane, laneCount, slices, state, emittedSoFar);
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
                && slices.equals(s.slices)
                && Arrays.equals(muxState, s.muxState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lane, laneCount, emitted, slices, Arrays.hashCode(muxState));
    }

    @Override
    public String toString() {
        return "LaneSplit[lane="
                + lane
                + "/"
                + laneCount
                + ", emitted="
                + emitted
                + ", slices="
                + slices
                + ", state="
                + (muxState == null ? "fresh" : muxState.length + " bytes")
                + "]";
    }
}

package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.split.LaneQuota;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Deals the rows of shards found while a job runs over its lanes, round after round, so that every
 * lane's cumulative share of every dataset stays within one row of every other lane's.
 *
 * <p>A dataset's rows are numbered in the order they were found (shards in path order within a
 * round). After {@code R} rows, lane {@code l} of {@code L} holds {@code floor((R + L − 1 − l) /
 * L)} of them: the remainder of one round is carried into the next, as if rows were dealt one at a
 * time in turn, so many tiny shards, or more lanes than rows, still come out even. Each round's
 * rows are cut into one contiguous run per lane, starting at the lane whose turn is next, so a lane
 * gets at most one slice per shard and round.
 *
 * <p>A slice's weight is its dataset's weight per row of a lane's share at the first plan, times
 * its rows: rows found later weigh what the first rows weighed, so a dataset that grows takes a
 * larger share of a mux that draws by weight.
 */
@Internal
public final class ShardDealer {
    private final MuxConfig config;
    private final int laneCount;

    private ShardDealer(MuxConfig config, int laneCount) {
        this.config = config;
        this.laneCount = laneCount;
    }

    /** A dealer for {@code laneCount} lanes. */
    public static ShardDealer of(MuxConfig config, int laneCount) {
        return new ShardDealer(config, laneCount);
    }

    /**
     * Deals {@code shards} (new shards of dataset {@code d}, in the order found, numbered from
     * {@code progress.shards()}) and returns each lane's new slices; {@code progress} is updated.
     */
    public List<List<ShardSlice>> deal(int d, DatasetProgress progress, List<ShardInfo> shards) {
        List<List<ShardSlice>> lanes = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            lanes.add(new ArrayList<>());
        }
        long before = progress.dealt();
        long added = shards.stream().mapToLong(ShardInfo::rows).sum();
        long after = before + added;
        if (progress.firstRows() == 0) {
            progress.firstRows(after);
            progress.firstWeight(config.datasets().get(d).weight());
        }
        // The weight of the first plan, not today's: lanes scale every slice by the weight now
        // over the planned one, so a weight changed at a restore must not be baked in twice.
        double weightPerRow =
                progress.firstWeight() * laneCount / (double) Math.max(1, progress.firstRows());
        ShardCutter cutter = new ShardCutter(d, progress.shards(), shards, before);
        long at = before;
        int first = (int) (before % laneCount);
        for (int k = 0; k < laneCount; k++) {
            int l = (first + k) % laneCount;
            long to =
                    at
                            + LaneQuota.dealt(after, l, laneCount)
                            - LaneQuota.dealt(before, l, laneCount);
            cutter.cut(at, to, rows -> weightPerRow * rows, lanes.get(l));
            at = to;
        }
        progress.dealt(after);
        progress.shards(progress.shards() + shards.size());
        return lanes;
    }
}

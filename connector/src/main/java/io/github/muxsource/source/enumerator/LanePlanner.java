package io.github.muxsource.source.enumerator;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxKind;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds lanes deterministically from the discovered shards, so that every lane holds a share of
 * every dataset: a dataset with at least as many shards as lanes deals whole shards round-robin;
 * one with fewer splits each shard into {@code ceil(lanes / shards)} row ranges and deals those.
 * Within a lane a slice's weight is its dataset's weight times its share of that dataset's rows in
 * the lane, so dataset shares follow the configured weights.
 */
@Internal
public final class LanePlanner {
    private LanePlanner() {}

    public static List<LaneSplit> plan(
            MuxConfig config, List<List<ShardInfo>> shards, int laneCount) {
        List<List<ShardSlice>> lanes = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            lanes.add(new ArrayList<>());
        }
        for (int d = 0; d < shards.size(); d++) {
            List<ShardInfo> dataset = shards.get(d);
            int pieces =
                    dataset.size() >= laneCount
                            ? 1
                            : (laneCount + dataset.size() - 1) / dataset.size();
            List<List<long[]>> ranges = new ArrayList<>();
            for (int l = 0; l < laneCount; l++) {
                ranges.add(new ArrayList<>());
            }
            int piece = 0;
            for (int s = 0; s < dataset.size(); s++) {
                long rows = dataset.get(s).rows();
                for (int i = 0; i < pieces; i++, piece++) {
                    long start = rows * i / pieces;
                    long end = rows * (i + 1) / pieces;
                    if (end > start) {
                        ranges.get(piece % laneCount).add(new long[] {s, start, end});
                    }
                }
            }
            double weight = config.datasets().get(d).weight();
            for (int l = 0; l < laneCount; l++) {
                long laneRows = ranges.get(l).stream().mapToLong(r -> r[2] - r[1]).sum();
                for (long[] r : ranges.get(l)) {
                    ShardInfo shard = dataset.get((int) r[0]);
                    lanes.get(l)
                            .add(
                                    new ShardSlice(
                                            d,
                                            (int) r[0],
                                            shard.path(),
                                            r[1],
                                            r[2],
                                            weight * (r[2] - r[1]) / laneRows));
                }
            }
        }
        List<LaneSplit> splits = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            List<ShardSlice> slices = lanes.get(l);
            slices.sort(
                    Comparator.comparingInt(ShardSlice::dataset)
                            .thenComparingInt(ShardSlice::shard)
                            .thenComparingLong(ShardSlice::rowStart));
            checkSlots(config, l, slices.size());
            splits.add(new LaneSplit(l, laneCount, slices, null, 0));
        }
        return splits;
    }

    private static void checkSlots(MuxConfig config, int lane, int streams) {
        if (config.kind() == MuxKind.STOCHASTIC
                && config.mode() != StochasticMode.WITH_REPLACEMENT
                && config.nActive() > streams) {
            throw new IllegalArgumentException(
                    "mode="
                            + config.mode()
                            + " requires nActive="
                            + config.nActive()
                            + " to be at most the number of streams in every lane, but lane "
                            + lane
                            + " has "
                            + streams
                            + "; lower nActive, use fewer lanes, add shards,"
                            + " or use mode WITH_REPLACEMENT");
        }
    }
}

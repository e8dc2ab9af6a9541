package io.github.muxsource.source.enumerator;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.source.ConfigFingerprint;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxKind;
import io.github.muxsource.source.split.LaneQuota;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneWeights;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deals every dataset's rows over the lanes so that each lane holds an equal share (±1 row) of each
 * dataset. A dataset's shards, in path order, are laid end to end; lane {@code l} of {@code L}
 * takes rows {@code [R·l/L, R·(l+1)/L)} of those {@code R}, one slice per shard it touches.
 *
 * <p>Why equal shares: lanes emit at equal rates, and a lane gives each dataset its whole weight
 * however few of that dataset's rows it holds. Only when every lane holds the same number of a
 * dataset's rows is every row drawn at the same rate whatever lane it lands in (dealing whole
 * shards round-robin drew the rows of a lane holding two shards at half the rate of the others).
 *
 * <p>Within a lane a slice's weight is its dataset's weight times its share of that dataset's rows
 * in the lane, so a mux that draws in proportion to weights draws every row of the lane at one
 * rate. {@link LaneQuotas} splits {@code maxRecords} over the lanes.
 */
@Internal
public final class LanePlanner {
    private LanePlanner() {}

    public static List<LaneSplit> plan(
            MuxConfig config, List<List<ShardInfo>> shards, int laneCount) {
        return plan(config, shards, laneCount, LaneWeights.CONFIGURED);
    }

    /** Plans lanes that start with {@code weights} (the live weights read at the first start). */
    public static List<LaneSplit> plan(
            MuxConfig config, List<List<ShardInfo>> shards, int laneCount, LaneWeights weights) {
        List<List<ShardSlice>> lanes = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            lanes.add(new ArrayList<>());
        }
        for (int d = 0; d < shards.size(); d++) {
            deal(config, d, shards.get(d), lanes);
        }
        return lanesOver(config, lanes, weights);
    }

    /** Fresh lanes over these slices, one list per lane, starting with {@code weights}. */
    static List<LaneSplit> lanesOver(
            MuxConfig config, List<List<ShardSlice>> lanes, LaneWeights weights) {
        if (weights.planned().isEmpty()) {
            // The weights the slices were planned with, so that a lane restored before it first
            // ran still sees weights changed at the restore (lanes scale by now over planned).
            Map<String, Double> planned = new LinkedHashMap<>();
            config.datasets().forEach(d -> planned.put(d.name(), d.weight()));
            weights = new LaneWeights(weights.current(), weights.live(), planned);
        }
        long[] quotas = LaneQuotas.split(config, lanes);
        LaneQuota[] bases = LaneQuotas.bases(config, lanes);
        Map<String, String> settings = ConfigFingerprint.of(config);
        List<LaneSplit> splits = new ArrayList<>();
        for (int l = 0; l < lanes.size(); l++) {
            checkSlots(config, l, lanes.get(l).size());
            splits.add(
                    LaneSplit.fresh(
                            l, lanes.size(), lanes.get(l), quotas[l], bases[l], settings, weights));
        }
        return splits;
    }

    /** Appends dataset {@code d}'s slices to every lane, in shard and row order. */
    private static void deal(
            MuxConfig config, int d, List<ShardInfo> dataset, List<List<ShardSlice>> lanes) {
        int laneCount = lanes.size();
        long total = dataset.stream().mapToLong(ShardInfo::rows).sum();
        String name = config.datasets().get(d).name();
        if (total < laneCount) {
            throw new IllegalArgumentException(
                    "dataset '"
                            + name
                            + "' has "
                            + total
                            + " rows, fewer than the "
                            + laneCount
                            + " lanes: every lane must hold a share of every dataset;"
                            + " use fewer lanes (MuxSourceBuilder.lanes, mix --lanes)");
        }
        double weight = config.datasets().get(d).weight();
        ShardCutter cutter = new ShardCutter(d, 0, dataset, 0);
        for (int l = 0; l < laneCount; l++) {
            long from = boundary(total, l, laneCount);
            long to = boundary(total, l + 1, laneCount);
            long laneRows = to - from;
            cutter.cut(from, to, rows -> weight * rows / laneRows, lanes.get(l));
        }
    }

    /** {@code floor(total · lane / lanes)} without overflow. */
    static long boundary(long total, int lane, int lanes) {
        return total / lanes * lane + total % lanes * lane / lanes;
    }

    static void checkSlots(MuxConfig config, int lane, int streams) {
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

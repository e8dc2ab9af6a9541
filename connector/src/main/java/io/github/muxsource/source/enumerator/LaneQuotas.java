package io.github.muxsource.source.enumerator;

import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.split.LaneQuota;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;

import java.util.Arrays;
import java.util.List;

/**
 * Splits the source's {@code maxRecords} over its lanes so that the job ends after exactly {@code
 * maxRecords} records whenever its inputs can supply them.
 *
 * <p>Lanes whose streams never end (random rows, or a mux that reopens streams) can each supply any
 * share, and get equal ones. Lanes that make one pass over their rows (sequential or shuffled rows
 * in an exhaustive mux) get shares in proportion to the rows they hold: lane {@code l} gets {@code
 * floor(N·P(l+1)/T) − floor(N·P(l)/T)}, with {@code P} the rows of the lanes before it and {@code
 * T} all rows, which never exceeds its rows while {@code N ≤ T}. (A stochastic exhaustive pass with
 * a {@code rate} yields one budget per stream, fewer records than rows: there the shares follow the
 * rows too, and a lane may end before its share.)
 *
 * <p>A monitored source's lanes wait for new rows instead of ending, so they get equal shares in
 * the order {@link ShardDealer} deals extra rows: lane {@code l} gets {@code floor((N + L − 1 − l)
 * / L)}.
 */
@Internal
public final class LaneQuotas {
    private LaneQuotas() {}

    /** Each lane's share of {@code maxRecords}, or {@link LaneSplit#UNBOUNDED} for every lane. */
    public static long[] split(MuxConfig config, List<List<ShardSlice>> lanes) {
        LaneQuota[] bases = bases(config, lanes);
        long[] quotas = new long[lanes.size()];
        if (config.maxRecords() < 0) {
            Arrays.fill(quotas, LaneSplit.UNBOUNDED);
            return quotas;
        }
        for (int l = 0; l < quotas.length; l++) {
            quotas[l] =
                    config.monitored()
                            ? LaneQuota.dealt(config.maxRecords(), l, quotas.length)
                            : bases[l].share(config.maxRecords());
        }
        return quotas;
    }

    /**
     * How each lane takes its share of a record count of the source: equal shares, or shares in
     * proportion to rows for lanes that make one pass. Lanes keep theirs in their state, so a share
     * of any count (a changed {@code maxRecords}, a schedule's step) follows at restore.
     */
    public static LaneQuota[] bases(MuxConfig config, List<List<ShardSlice>> lanes) {
        // A monitored lane's rows grow while it runs: its shares are equal, like an endless lane's.
        boolean onePass = onePass(config) && !config.monitored();
        long[] capacity = new long[lanes.size()];
        long total = 0;
        for (int l = 0; l < capacity.length; l++) {
            capacity[l] = onePass ? lanes.get(l).stream().mapToLong(ShardSlice::rows).sum() : 1;
            total += capacity[l];
        }
        LaneQuota[] bases = new LaneQuota[capacity.length];
        long before = 0;
        for (int l = 0; l < capacity.length; l++) {
            bases[l] = new LaneQuota(before, before + capacity[l], total);
            before += capacity[l];
        }
        return bases;
    }

    /** Whether every lane's mux reads each of its rows once and then ends. */
    static boolean onePass(MuxConfig config) {
        if (config.rowOrder() == RowOrder.RANDOM) {
            return false;
        }
        return switch (config.kind()) {
            case STOCHASTIC -> config.mode() == StochasticMode.EXHAUSTIVE;
            case SHUFFLED -> false;
            case ROUND_ROBIN -> config.roundRobinMode() == RoundRobinMode.EXHAUSTIVE;
            case CHAIN -> config.chainMode() == ChainMode.EXHAUSTIVE;
        };
    }
}

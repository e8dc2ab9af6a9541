package io.github.muxsource.source.enumerator;

import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;

import java.math.BigInteger;
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
        long[] quotas = new long[lanes.size()];
        if (config.maxRecords() < 0) {
            java.util.Arrays.fill(quotas, LaneSplit.UNBOUNDED);
            return quotas;
        }
        if (config.monitored()) {
            // Shares follow the dealing rule (ShardDealer.laneRows): once all rows are dealt, each
            // lane's share is what it holds of a dataset holding exactly maxRecords rows.
            for (int l = 0; l < quotas.length; l++) {
                quotas[l] = ShardDealer.laneRows(config.maxRecords(), l, quotas.length);
            }
            return quotas;
        }
        boolean onePass = onePass(config);
        long[] capacity = new long[lanes.size()];
        BigInteger total = BigInteger.ZERO;
        for (int l = 0; l < capacity.length; l++) {
            capacity[l] = onePass ? lanes.get(l).stream().mapToLong(ShardSlice::rows).sum() : 1;
            total = total.add(BigInteger.valueOf(capacity[l]));
        }
        BigInteger n = BigInteger.valueOf(config.maxRecords());
        BigInteger before = BigInteger.ZERO;
        long previous = 0;
        for (int l = 0; l < capacity.length; l++) {
            before = before.add(BigInteger.valueOf(capacity[l]));
            long upTo = total.signum() == 0 ? 0 : n.multiply(before).divide(total).longValueExact();
            quotas[l] = upTo - previous;
            previous = upTo;
        }
        return quotas;
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

package io.github.muxsource.source;

import io.github.muxsource.mux.Activation;
import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The validated, immutable configuration of a {@link MuxSource}, built by {@link MuxSourceBuilder}.
 * Shipped to the enumerator and every reader.
 *
 * @param nActive slots of the stochastic mux per lane
 * @param rate mean items per activation, or {@code null} for "until the stream ends"
 * @param maxRecords bound on records over all lanes, or -1 for none
 * @param lanes lane count, or 0 for {@value #DEFAULT_LANES_PER_READER} times the source parallelism
 *     when the job first starts
 * @param spillDirectory local directory for spill files of deflated arrays read in random order, or
 *     {@code null} for the task's {@code io.tmp.dirs}
 * @param maxSpillBytes most bytes of spill files one reader may hold at once
 * @param sameLayoutAcrossDatasets whether every dataset must have the first dataset's layout
 *     (within a dataset, one layout is always required)
 * @param readerLimits what one reader may hold open, cache and prefetch
 * @param fields the arrays every shard is read for, in this order; empty for every array
 * @param monitorInterval how often the enumerator lists every dataset's paths again for new shards,
 *     or {@code null} to plan once from the shards present at the first start
 * @param weightSchedule dataset weights that change at record counts of the source; {@link
 *     WeightSchedule#none()} for none
 * @param weightsFile a JSON file of dataset weights the enumerator polls for live changes, or
 *     {@code null} for none
 * @param weightsPollInterval how often the enumerator reads {@code weightsFile}
 */
@Internal
public record MuxConfig(
        List<DatasetSpec> datasets,
        MuxKind kind,
        int nActive,
        Double rate,
        StochasticMode mode,
        BudgetDistribution dist,
        Activation activation,
        boolean pruneEmptyStreams,
        RoundRobinMode roundRobinMode,
        ChainMode chainMode,
        RowOrder rowOrder,
        long seed,
        long maxRecords,
        int lanes,
        String spillDirectory,
        long maxSpillBytes,
        boolean skipBadShards,
        boolean sameLayoutAcrossDatasets,
        ReaderLimits readerLimits,
        List<String> fields,
        Duration monitorInterval,
        WeightSchedule weightSchedule,
        String weightsFile,
        Duration weightsPollInterval)
        implements Serializable {

    /**
     * Lanes per reader when the lane count is not set: lanes are fixed at the first start, so this
     * is how far a job can later scale up (see docs/concepts.md).
     */
    public static final int DEFAULT_LANES_PER_READER = 4;

    public MuxConfig {
        datasets = List.copyOf(datasets);
        fields = List.copyOf(fields);
        weightSchedule = weightSchedule == null ? WeightSchedule.none() : weightSchedule;
        weightsPollInterval =
                weightsPollInterval == null ? DEFAULT_WEIGHTS_POLL : weightsPollInterval;
    }

    /** How often a weights file is read when no interval is given. */
    public static final Duration DEFAULT_WEIGHTS_POLL = Duration.ofSeconds(1);

    /** Whether the mux draws by dataset weight, so that weights may change while it runs. */
    public boolean weighted() {
        return kind == MuxKind.STOCHASTIC || kind == MuxKind.SHUFFLED;
    }

    /**
     * Whether every lane's mux ends by itself, so that the source is bounded. A monitored source is
     * unbounded even with {@code maxRecords}: its rows are not known up front, and it ends when its
     * lanes reach their shares.
     */
    public boolean bounded() {
        if (monitored()) {
            return false;
        }
        if (maxRecords >= 0) {
            return true;
        }
        boolean finiteStreams = rowOrder != RowOrder.RANDOM;
        return switch (kind) {
            case STOCHASTIC -> mode == StochasticMode.EXHAUSTIVE && (finiteStreams || rate != null);
            case SHUFFLED -> false;
            case ROUND_ROBIN -> roundRobinMode == RoundRobinMode.EXHAUSTIVE && finiteStreams;
            case CHAIN -> chainMode == ChainMode.EXHAUSTIVE && finiteStreams;
        };
    }

    /**
     * Whether every lane reads each of its rows exactly once, so that the rows it holds and has not
     * drawn are exactly what is left to read: one pass ({@code EXHAUSTIVE}) over rows that end
     * ({@code SEQUENTIAL} or {@code SHUFFLED}), with no rate that stops a stream early and no
     * {@code maxRecords} that stops a lane.
     */
    public boolean readsEachRowOnce() {
        if (rowOrder == RowOrder.RANDOM || maxRecords >= 0) {
            return false;
        }
        return switch (kind) {
            case STOCHASTIC -> mode == StochasticMode.EXHAUSTIVE && rate == null;
            case SHUFFLED -> false;
            case ROUND_ROBIN -> roundRobinMode == RoundRobinMode.EXHAUSTIVE;
            case CHAIN -> chainMode == ChainMode.EXHAUSTIVE;
        };
    }

    /** Whether the enumerator looks for new shards while the job runs. */
    public boolean monitored() {
        return monitorInterval != null;
    }

    /** Configured dataset weights, in dataset order. */
    public double[] datasetWeights() {
        double[] weights = new double[datasets.size()];
        for (int d = 0; d < weights.length; d++) {
            weights[d] = datasets.get(d).weight();
        }
        return weights;
    }

    /**
     * The share of {@code maxRecords} that lanes planned by version 1 had (newer lanes carry
     * theirs, see {@code LaneQuotas}), or -1 when unbounded.
     */
    public long laneMaxRecords(int lane, int laneCount) {
        if (maxRecords < 0) {
            return -1;
        }
        return maxRecords / laneCount + (lane < maxRecords % laneCount ? 1 : 0);
    }
}

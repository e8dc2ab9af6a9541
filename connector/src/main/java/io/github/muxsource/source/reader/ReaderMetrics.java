package io.github.muxsource.source.reader;

import io.github.muxsource.source.MuxConfig;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The reader's metrics: {@code numRecordsIn}; per dataset {@code records}, {@code realizedShare},
 * {@code targetShare} and {@code weight} (both following schedules and live weights); per reader
 * {@code activeStreams}, {@code activations}, {@code bytesRead}, {@code lanes}, {@code shardWaits},
 * {@code changedShardsSkipped}, the shard pool's gauges and, when monitored, {@code pendingRows}.
 * See {@code docs/metrics.md}.
 */
final class ReaderMetrics {
    private final SourceReaderMetricGroup group;
    private final Counter numRecordsIn;
    private final Counter bytesRead;
    private final Counter changedShardsSkipped;
    private final Counter shardWaits;
    private final MetricGroup mux;
    private final long[] perDataset;
    private final Counter[] perDatasetCounters;
    private long total;

    ReaderMetrics(
            SourceReaderMetricGroup group,
            MuxConfig config,
            IntSupplier activeStreams,
            LongSupplier activations,
            IntSupplier lanes,
            Supplier<double[]> weightsNow) {
        this.group = group;
        this.numRecordsIn = group.getIOMetricGroup().getNumRecordsInCounter();
        this.mux = group.addGroup("muxsource");
        this.bytesRead = mux.counter("bytesRead");
        this.changedShardsSkipped = mux.counter("changedShardsSkipped");
        this.shardWaits = mux.counter("shardWaits");
        mux.gauge("activeStreams", activeStreams::getAsInt);
        mux.gauge("activations", activations::getAsLong);
        mux.gauge("lanes", lanes::getAsInt);
        int n = config.datasets().size();
        perDataset = new long[n];
        perDatasetCounters = new Counter[n];
        for (int d = 0; d < n; d++) {
            int index = d;
            MetricGroup g = mux.addGroup("dataset", config.datasets().get(d).name());
            perDatasetCounters[d] = g.counter("records");
            g.gauge("weight", () -> weightsNow.get()[index]);
            g.gauge("targetShare", () -> share(weightsNow.get(), index));
            g.gauge("realizedShare", () -> total == 0 ? 0.0 : perDataset[index] / (double) total);
        }
    }

    private static double share(double[] weights, int d) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return weights[d] / sum;
    }

    /** Gauges of the reader's shard pool: {@code openShards} and {@code downloadedBytes}. */
    void shards(IntSupplier open, LongSupplier downloaded) {
        mux.gauge("openShards", open::getAsInt);
        mux.gauge("downloadedBytes", downloaded::getAsLong);
    }

    /**
     * Gauge of a monitored source: rows its lanes hold and have not emitted yet. When that is
     * exactly what is left to read ({@code exact}), it is also Flink's standard {@code
     * pendingRecords}, the backlog Flink's autoscaler reads; an upper bound would read as a backlog
     * that never drains.
     */
    void pendingRows(LongSupplier rows, boolean exact) {
        mux.gauge("pendingRows", rows::getAsLong);
        if (exact) {
            group.setPendingRecordsGauge(rows::getAsLong);
        }
    }

    void recordEmitted(int dataset) {
        numRecordsIn.inc();
        perDatasetCounters[dataset].inc();
        perDataset[dataset]++;
        total++;
    }

    /** A lane skipped a shard that changed since it was planned (skipBadShards). */
    void changedShardSkipped() {
        changedShardsSkipped.inc();
    }

    /** Emission waits for a shard to open: the prefetcher did not open it in time. */
    void shardWait() {
        shardWaits.inc();
    }

    void bytesRead(long bytes) {
        bytesRead.inc(bytes);
    }
}

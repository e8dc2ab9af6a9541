package io.github.muxsource.source.reader;

import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SampleMapper;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.core.io.InputStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs one mux per lane it holds, in the task thread, one record per {@link #pollNext}.
 *
 * <p>Nothing on the task thread waits for storage. Taking a lane only restores its mux; shards are
 * opened (and remote ones downloaded into a local cache) on I/O threads of the reader's {@link
 * ShardPool}, when a lane first needs them or earlier, when the {@link Prefetcher} running ahead of
 * emission sees that it will. A lane whose next row's shard is not open yet makes the reader return
 * {@code NOTHING_AVAILABLE} with a future that completes when it is, so checkpoints pass meanwhile.
 *
 * <p>Emission starts once the assignment is complete ("no more splits"), so timing never changes a
 * sequence. Lanes take turns (see {@link LaneRunner}): a whole activation at a time when the mux
 * has a {@code rate}, so a reader holding several lanes still streams one stream at a time as
 * {@code nActive=1} asks; one record at a time otherwise. When a turn ends, the next goes to the
 * lane that has emitted the fewest records, ties to the lowest lane. The lane holding the turn
 * records it in its split, so the choice depends only on checkpointed state. Flink's {@code
 * SourceReaderBase} is not used: its fetchers hand records over in whatever order they arrive,
 * while a lane's order is the determinism contract.
 *
 * <p>With batches ({@link #batches}), one {@code pollNext} fills a whole batch from the same
 * sequence of rows, so batch k holds exactly rows {@code k·size} to {@code k·size + size - 1} of
 * what the record reader emits. A checkpoint falls between batches: while a batch is half filled
 * (its reader waiting for a shard), {@link #snapshotState} returns every lane as it was when the
 * last batch was collected, and a restored reader draws the half batch's rows again.
 */
@Internal
public final class MuxSourceReader<T> implements SourceReader<T, LaneSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MuxSourceReader.class);

    /** Threads that open shards and download remote ones. */
    private static final int IO_THREADS = 4;

    private final SourceReaderContext context;
    private final MuxConfig config;
    private final Emission<T> emission;
    private final String[] datasetNames;
    private final ShardPool pool;
    private final Prefetcher prefetcher;
    private final ReaderMetrics metrics;

    /** Lanes held, in lane order. */
    private final List<LaneRunner<T>> running = new CopyOnWriteArrayList<>();

    /** Lanes that ended while the emission holds rows: still checkpointed at their boundary. */
    private final List<LaneRunner<T>> endedSinceBoundary = new ArrayList<>();

    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;

    /** The lane whose turn it is, or null between turns. */
    private LaneRunner<T> current;

    /** A reader emitting one record per row, made by {@code mapper}. */
    public MuxSourceReader(SourceReaderContext context, MuxConfig config, SampleMapper<T> mapper) {
        this(context, config, new RecordEmission<>(mapper));
    }

    /** A reader emitting batches of {@code size} rows (the last of a bounded source shorter). */
    public static MuxSourceReader<SampleBatch> batches(
            SourceReaderContext context, MuxConfig config, int size) {
        return new MuxSourceReader<>(
                context, config, new BatchEmission(size, datasetNames(config)));
    }

    private static String[] datasetNames(MuxConfig config) {
        return config.datasets().stream().map(d -> d.name()).toArray(String[]::new);
    }

    private MuxSourceReader(SourceReaderContext context, MuxConfig config, Emission<T> emission) {
        this.context = context;
        this.config = config;
        this.emission = emission;
        this.datasetNames = datasetNames(config);
        String[] tmp = ConfigurationUtils.parseTempDirectories(context.getConfiguration());
        Path cacheParent = Path.of(tmp[context.getIndexOfSubtask() % tmp.length]);
        this.pool =
                new ShardPool(
                        config.readerLimits(),
                        ReaderSpill.space(config, context),
                        config.fields(),
                        config.rowOrder() != RowOrder.SEQUENTIAL,
                        new ShardCache(cacheParent, config.readerLimits().shardCacheBytes()),
                        IO_THREADS);
        this.prefetcher =
                config.readerLimits().lookaheadRecords() == 0
                        ? null
                        : new Prefetcher(
                                pool,
                                config.readerLimits().lookaheadRecords(),
                                context.getIndexOfSubtask());
        this.metrics =
                new ReaderMetrics(
                        context.metricGroup(),
                        config,
                        () -> running.stream().mapToInt(LaneRunner::activeStreams).sum(),
                        () -> running.stream().mapToLong(LaneRunner::activations).sum(),
                        running::size);
        metrics.shards(pool::open, pool::downloadedBytes);
    }

    @Override
    public void start() {
        // Push-based: the enumerator assigns every lane when this reader registers.
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (!noMoreSplits) {
            return waitFor(null);
        }
        while (!running.isEmpty()) {
            LaneRunner<T> lane = current != null ? current : nextTurn();
            switch (lane.step(output)) {
                case EMITTED -> {
                    if (lane.turnOver()) {
                        lane.endTurn();
                        current = null;
                    }
                    if (emission.collected()) {
                        markBoundary();
                        return InputStatus.MORE_AVAILABLE;
                    }
                }
                case WAITING -> {
                    return waitFor(lane.waitingFor());
                }
                case ENDED -> {
                    LOG.info("Lane {} ended after {} records", lane.lane(), lane.emitted());
                    lane.endTurn();
                    running.remove(lane);
                    if (prefetcher != null) {
                        prefetcher.remove(lane);
                    }
                    if (emission.holdsRows()) {
                        endedSinceBoundary.add(lane);
                    }
                    current = null;
                }
            }
        }
        if (emission.finish(output)) {
            markBoundary();
            return InputStatus.MORE_AVAILABLE;
        }
        return InputStatus.END_OF_INPUT;
    }

    /** A record was just collected: only batches need the lanes' states at this point kept. */
    private void markBoundary() {
        if (emission instanceof BatchEmission) {
            running.forEach(LaneRunner::markBoundary);
            endedSinceBoundary.clear();
        }
    }

    /**
     * Starts the next turn: a restored lane that was mid-turn continues it (the lowest, should a
     * rescale bring several); otherwise the lane that has emitted the fewest, ties to the lowest.
     */
    private LaneRunner<T> nextTurn() {
        LaneRunner<T> next = null;
        for (LaneRunner<T> lane : running) {
            if (lane.holdsTurn()) {
                if (next == null) {
                    next = lane;
                } else {
                    lane.endTurn();
                }
            }
        }
        if (next == null) {
            next = running.get(0);
            for (LaneRunner<T> lane : running) {
                if (lane.emitted() < next.emitted()) {
                    next = lane;
                }
            }
            next.beginTurn();
        }
        current = next;
        return next;
    }

    /** NOTHING_AVAILABLE, with a fresh availability future that {@code event} completes. */
    private InputStatus waitFor(CompletableFuture<?> event) {
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        if (event != null) {
            CompletableFuture<Void> target = available;
            event.whenComplete((result, failure) -> target.complete(null));
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<LaneSplit> splits) {
        for (LaneSplit split : splits) {
            LOG.info("Reader {} received {}", context.getIndexOfSubtask(), split);
            try {
                LaneRunner<T> lane =
                        LaneRunner.open(config, split, pool, emission, datasetNames, metrics);
                running.add(lane);
                if (prefetcher != null) {
                    prefetcher.add(lane, LaneRunner.cursor(config, split));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(
                        "MuxSource reader "
                                + context.getIndexOfSubtask()
                                + " could not restore lane "
                                + split.lane()
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
        running.sort(Comparator.comparingInt(LaneRunner::lane));
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        if (running.isEmpty()) {
            LOG.warn(
                    "Reader {} of {} holds no lane and stays idle: the source has fewer lanes ({})"
                            + " than readers. Lanes are fixed when a job first starts; raise them"
                            + " with MuxSourceBuilder.lanes(n) or mix --lanes n.",
                    context.getIndexOfSubtask(),
                    context.currentParallelism(),
                    config.lanes() > 0 ? config.lanes() : "planned at the first start");
        }
        available.complete(null);
    }

    @Override
    public List<LaneSplit> snapshotState(long checkpointId) {
        List<LaneSplit> state = new ArrayList<>(running.size());
        if (emission.holdsRows()) {
            for (LaneRunner<T> lane : running) {
                state.add(lane.boundary());
            }
            for (LaneRunner<T> lane : endedSinceBoundary) {
                state.add(lane.boundary());
            }
            state.sort(Comparator.comparingInt(LaneSplit::lane));
            return state;
        }
        for (LaneRunner<T> lane : running) {
            state.add(lane.snapshot());
        }
        return state;
    }

    /** Stops the prefetcher and the I/O threads, waiting for both, and releases every shard. */
    @Override
    public void close() throws Exception {
        if (prefetcher != null) {
            prefetcher.close();
        }
        running.forEach(LaneRunner::releaseAll);
        pool.close();
    }
}

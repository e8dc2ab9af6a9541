package io.github.muxsource.source.reader;

import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SampleMapper;
import io.github.muxsource.source.split.HeldRow;
import io.github.muxsource.source.split.LaneSlicesEvent;
import io.github.muxsource.source.split.LaneSlicesRequest;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LiveWeightsEvent;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.core.io.InputStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
 * sequence. Lanes take turns ({@link LaneTurns}): a whole activation at a time when the mux has a
 * {@code rate}, so a reader holding several lanes still streams one stream at a time as {@code
 * nActive=1} asks; one record at a time otherwise; the next turn goes to the lane at the lowest
 * position, an order that depends only on checkpointed state. Flink's {@code SourceReaderBase} is
 * not used: its fetchers hand records over in whatever order they arrive, while a lane's order is
 * the determinism contract.
 *
 * <p>With batches ({@link #batches}), one {@code pollNext} fills a whole batch from the same
 * sequence of rows, so batch k holds exactly rows {@code k·size} to {@code k·size + size - 1} of
 * what the record reader emits. A checkpoint taken while a batch is half filled (its reader waiting
 * for a shard, for new slices or for live weights' checkpoint) keeps the rows in it with the lanes
 * that drew them ({@link HeldRows}), and a restored reader emits them again before any lane draws
 * on.
 */
@Internal
public final class MuxSourceReader<T> implements SourceReader<T, LaneSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MuxSourceReader.class);

    /** Threads that open shards and download remote ones. */
    static final int IO_THREADS = 4;

    private final SourceReaderContext context;
    private final MuxConfig config;
    private final Emission<T> emission;
    private final String[] datasetNames;
    private final ShardPool pool;
    private final Prefetcher prefetcher;
    private final ReaderMetrics metrics;

    /** Lanes held, in lane order, and whose turn it is. */
    private final LaneTurns<T> turns = new LaneTurns<>();

    /**
     * Lanes that ended while the emission holds rows: checkpointed with the rows they hold until
     * the next record (with batches, batch) is collected.
     */
    private final List<LaneRunner<T>> endedInBatch = new ArrayList<>();

    /** Rows of a half-filled batch: kept at checkpoints, emitted again after a restore. */
    private final HeldRows held = new HeldRows();

    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;
    private boolean started;

    private final LiveWeightsHold liveWeights = new LiveWeightsHold();

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
        List<LaneRunner<T>> lanes = turns.lanes();
        this.metrics =
                new ReaderMetrics(
                        context.metricGroup(),
                        config,
                        () -> lanes.stream().mapToInt(LaneRunner::activeStreams).sum(),
                        () -> lanes.stream().mapToLong(LaneRunner::activations).sum(),
                        lanes::size,
                        this::weightsNow);
        metrics.shards(pool::open, pool::downloadedBytes);
        if (config.monitored()) {
            metrics.pendingRows(
                    () -> lanes.stream().mapToLong(LaneRunner::pendingRows).sum(),
                    config.readsEachRowOnce());
        }
    }

    /** The lowest lane's dataset weights (lanes change at their own positions), or the config's. */
    private double[] weightsNow() {
        for (LaneRunner<T> lane : turns.lanes()) {
            return lane.datasetWeights();
        }
        return config.datasetWeights();
    }

    @Override
    public void start() {
        // Push-based: the enumerator assigns every lane when this reader registers. Lanes restored
        // before registration ask now for slices found after their state was taken.
        started = true;
        turns.lanes().forEach(this::askForMissingSlices);
    }

    /** Asks the enumerator for the slices a lane lacks (monitored sources only). */
    private void askForMissingSlices(LaneRunner<T> lane) {
        if (config.monitored()) {
            context.sendSourceEventToCoordinator(
                    new LaneSlicesRequest(lane.lane(), lane.split().slices().size()));
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof LiveWeightsEvent live) {
            liveWeightsReceived(live);
        } else if (event instanceof LaneSlicesEvent slices) {
            slicesReceived(slices);
        }
    }

    /** Adds new slices to the lane they were dealt to, if this reader holds it. */
    private void slicesReceived(LaneSlicesEvent slices) {
        LaneRunner<T> lane = turns.lane(slices.lane());
        if (lane == null) {
            // The lane moved on (or ended); its next holder asks for what it lacks.
            LOG.debug("Reader {} ignores {}", context.getIndexOfSubtask(), slices);
            return;
        }
        try {
            switch (lane.addSlices(slices.from(), slices.slices())) {
                case APPENDED -> {
                    LOG.info(
                            "Lane {} now holds {} slices",
                            lane.lane(),
                            lane.split().slices().size());
                    prefetchAnew(lane);
                    available.complete(null);
                }
                case GAP -> askForMissingSlices(lane);
                case NOTHING_NEW -> {}
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "MuxSource reader "
                            + context.getIndexOfSubtask()
                            + " could not add slices to lane "
                            + lane.lane()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (!noMoreSplits || liveWeights.holding()) {
            return waitFor(null);
        }
        copyStaleLanes();
        for (LaneRow row = held.next(); row != null; row = held.next()) {
            LaneRunner<T> lane = turns.lane(row.lane());
            LaneRunner.Step step = lane.replay(row, output);
            if (step == LaneRunner.Step.WAITING) {
                metrics.shardWait();
                return waitFor(lane.waitingFor());
            }
            held.replayed();
            if (step == LaneRunner.Step.EMITTED && emission.collected()) {
                endedInBatch.clear(); // what they held is collected
                return InputStatus.MORE_AVAILABLE;
            }
        }
        while (!turns.isEmpty()) {
            LaneRunner<T> lane = turns.current();
            if (lane == null) {
                // Every lane read all it holds: wait for the enumerator's next slices.
                return waitFor(null);
            }
            switch (lane.step(output)) {
                case EMITTED -> {
                    turns.emitted(lane);
                    if (emission.collected()) {
                        endedInBatch.clear(); // what they held is collected
                        return InputStatus.MORE_AVAILABLE;
                    }
                }
                case WAITING -> {
                    metrics.shardWait();
                    return waitFor(lane.waitingFor());
                }
                case DRY -> turns.end(lane);
                case ENDED -> {
                    LOG.info("Lane {} ended at position {}", lane.lane(), lane.emitted());
                    turns.remove(lane);
                    if (prefetcher != null) {
                        prefetcher.remove(lane);
                    }
                    if (emission.holdsRows()) {
                        endedInBatch.add(lane);
                    }
                }
            }
        }
        if (config.monitored() && config.maxRecords() < 0) {
            // A monitored source without maxRecords never ends, and neither does a reader that
            // holds no lane: ending would finish its task, which a streaming job does not expect.
            // A half-filled batch waits for rows too.
            return waitFor(null);
        }
        if (emission.finish(output)) {
            endedInBatch.clear(); // what they held is collected
            return InputStatus.MORE_AVAILABLE;
        }
        return InputStatus.END_OF_INPUT;
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
                turns.add(lane);
                held.restore(split.lane(), split.held());
                lane.openAhead(split.held());
                if (prefetcher != null) {
                    prefetcher.add(lane, LaneRunner.cursor(config, split));
                }
                if (started) {
                    askForMissingSlices(lane);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "MuxSource reader "
                                + context.getIndexOfSubtask()
                                + " could not restore lane "
                                + split.lane()
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        if (turns.isEmpty()) {
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

    /**
     * The lane's mux changed (new slices, new weights): the prefetcher runs a copy of the new one.
     */
    private void prefetchAnew(LaneRunner<?> lane) throws IOException {
        if (prefetcher != null) {
            prefetcher.remove(lane);
            prefetcher.add(lane, lane.copyOfCursor());
        }
    }

    /** Gives the prefetcher a new copy of each running lane whose copy fell behind. */
    private void copyStaleLanes() throws IOException {
        if (prefetcher == null) {
            return;
        }
        LaneRunner<?> lane;
        while ((lane = prefetcher.pollStale()) != null) {
            if (turns.lanes().contains(lane)) {
                prefetchAnew(lane);
            }
        }
    }

    /** Keeps live weights until the next checkpoint, where the lanes take them. */
    private void liveWeightsReceived(LiveWeightsEvent live) {
        LOG.info(
                "Reader {} received live weights {} (change {}); its lanes take them at the next"
                        + " checkpoint",
                context.getIndexOfSubtask(),
                live.weights(),
                live.version());
        liveWeights.received(live);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (liveWeights.completed(checkpointId)) {
            available.complete(null);
        }
    }

    @Override
    public List<LaneSplit> snapshotState(long checkpointId) {
        // Lanes take live weights at any checkpoint, a half-filled batch's too: its rows were drawn
        // with the old weights and are in the state with the lanes (held rows), the rest follow.
        if (liveWeights.pending()) {
            try {
                for (LaneRunner<T> lane : liveWeights.takeAt(checkpointId, turns.lanes())) {
                    prefetchAnew(lane);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<Integer, List<HeldRow>> heldNow = held.atCheckpoint(emission.heldRows());
        List<LaneSplit> state = new ArrayList<>(turns.lanes().size());
        for (LaneRunner<T> lane : turns.lanes()) {
            state.add(lane.snapshot().withHeld(heldNow.getOrDefault(lane.lane(), List.of())));
        }
        for (LaneRunner<T> lane : endedInBatch) {
            List<HeldRow> rows = heldNow.getOrDefault(lane.lane(), List.of());
            if (!rows.isEmpty()) {
                state.add(lane.snapshot().withHeld(rows));
            }
        }
        state.sort(Comparator.comparingInt(LaneSplit::lane));
        return state;
    }

    /** Stops the prefetcher and the I/O threads, waiting for both, and releases every shard. */
    @Override
    public void close() throws Exception {
        if (prefetcher != null) {
            prefetcher.close();
        }
        turns.lanes().forEach(LaneRunner::releaseAll);
        pool.close();
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.SampleMapper;
import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one mux per lane it holds, in the task thread, one record per {@link #pollNext}.
 *
 * <p>Opening shards and restoring muxes happens on a loader thread, which only completes the
 * availability future. Emission starts once the assignment is complete ("no more splits" and every
 * lane loaded), so timing never changes a sequence. Lanes interleave deterministically: the next
 * record comes from the lane that has emitted the fewest, ties to the lowest lane, which depends
 * only on checkpointed state.
 */
@Internal
public final class MuxSourceReader<T> implements SourceReader<T, LaneSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MuxSourceReader.class);

    private final SourceReaderContext context;
    private final MuxConfig config;
    private final SampleMapper<T> mapper;
    private final String[] datasetNames;
    private final ShardCache shards;
    private final ReaderMetrics metrics;
    private final ExecutorService loader;

    /** Lanes received and not yet running, by lane: still in every snapshot. */
    private final TreeMap<Integer, LaneSplit> loading = new TreeMap<>();

    /** Running lanes, in lane order. */
    private final List<LaneRunner<T>> running = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();

    /** Guarded by lock: lanes the loader finished, and the first loading failure. */
    private final Queue<LaneRunner<T>> loaded = new ArrayDeque<>();

    private Throwable loadFailure;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    private boolean noMoreSplits;

    public MuxSourceReader(SourceReaderContext context, MuxConfig config, SampleMapper<T> mapper) {
        this.context = context;
        this.config = config;
        this.mapper = mapper;
        this.datasetNames = config.datasets().stream().map(d -> d.name()).toArray(String[]::new);
        this.shards = new ShardCache(ReaderSpill.space(config, context));
        this.metrics =
                new ReaderMetrics(
                        context.metricGroup(),
                        config,
                        () -> running.stream().mapToInt(LaneRunner::activeStreams).sum(),
                        () -> running.stream().mapToLong(LaneRunner::activations).sum(),
                        () -> running.size() + loading.size());
        this.loader =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t =
                                    new Thread(
                                            r, "muxsource-loader-" + context.getIndexOfSubtask());
                            t.setDaemon(true);
                            return t;
                        });
    }

    @Override
    public void start() {
        // Push-based: the enumerator assigns every lane when this reader registers.
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (!loading.isEmpty()) {
            takeLoaded();
        }
        if (!noMoreSplits || !loading.isEmpty()) {
            return waitForMore();
        }
        while (!running.isEmpty()) {
            LaneRunner<T> lane = nextLane();
            T record = lane.next();
            if (record != null) {
                output.collect(record);
                return InputStatus.MORE_AVAILABLE;
            }
            LOG.info("Lane {} ended after {} records", lane.lane(), lane.emitted());
            running.remove(lane);
        }
        return InputStatus.END_OF_INPUT;
    }

    /** The lane that has emitted the fewest records; ties to the lowest lane. */
    private LaneRunner<T> nextLane() {
        LaneRunner<T> best = running.get(0);
        for (int i = 1; i < running.size(); i++) {
            if (running.get(i).emitted() < best.emitted()) {
                best = running.get(i);
            }
        }
        return best;
    }

    private void takeLoaded() throws Exception {
        synchronized (lock) {
            if (loadFailure != null) {
                throw new Exception(
                        "MuxSource reader "
                                + context.getIndexOfSubtask()
                                + " could not open its lanes: "
                                + loadFailure.getMessage(),
                        loadFailure);
            }
            if (loaded.isEmpty()) {
                return;
            }
            LaneRunner<T> lane;
            while ((lane = loaded.poll()) != null) {
                loading.remove(lane.lane());
                running.add(lane);
            }
        }
        running.sort(Comparator.comparingInt(LaneRunner::lane));
    }

    private InputStatus waitForMore() {
        synchronized (lock) {
            if (loaded.isEmpty() && loadFailure == null && available.isDone()) {
                available = new CompletableFuture<>();
            }
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        synchronized (lock) {
            return available;
        }
    }

    @Override
    public void addSplits(List<LaneSplit> splits) {
        for (LaneSplit split : splits) {
            LOG.info("Reader {} received {}", context.getIndexOfSubtask(), split);
            loading.put(split.lane(), split);
            loader.execute(() -> load(split));
        }
    }

    private void load(LaneSplit split) {
        try {
            LaneRunner<T> lane =
                    LaneRunner.open(config, split, shards, mapper, datasetNames, metrics);
            synchronized (lock) {
                loaded.add(lane);
                available.complete(null);
            }
        } catch (Throwable t) {
            LOG.error("Could not open lane {}: {}", split.lane(), t.getMessage(), t);
            synchronized (lock) {
                if (loadFailure == null) {
                    loadFailure = t;
                }
                available.complete(null);
            }
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        synchronized (lock) {
            available.complete(null);
        }
    }

    @Override
    public List<LaneSplit> snapshotState(long checkpointId) {
        List<LaneSplit> state = new ArrayList<>();
        for (LaneRunner<T> lane : running) {
            state.add(lane.snapshot());
        }
        synchronized (lock) {
            // Loaded but not yet taken: their state is still the split they came from.
            state.addAll(loading.values());
        }
        state.sort(Comparator.comparingInt(LaneSplit::lane));
        return state;
    }

    @Override
    public void close() throws Exception {
        loader.shutdownNow();
        shards.close();
    }
}

package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.DatasetSpec;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.split.LaneSlicesRequest;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneWeights;
import io.github.muxsource.source.split.LiveWeightsEvent;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans the lanes once (at the first start) and hands each reader its whole assignment in one go,
 * followed by "no more splits": lane l goes to subtask l mod parallelism. Lanes handed back on
 * failover wait for their reader to register again. When the source is monitored, a {@link
 * ShardMonitor} also deals the shards found while the job runs and sends them to the lanes.
 */
@Internal
public final class MuxEnumerator implements SplitEnumerator<LaneSplit, EnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(MuxEnumerator.class);

    private final SplitEnumeratorContext<LaneSplit> context;
    private final MuxConfig config;

    /** Lanes waiting for a reader, by the subtask they are meant for. */
    private final Map<Integer, List<LaneSplit>> pending = new TreeMap<>();

    private int laneCount;

    /** Deals shards found while the job runs; null when the source is not monitored. */
    private ShardMonitor monitor;

    /** The live weights file, or null without one. */
    private final LiveWeightsFile weightsFile;

    /** The live weights last read, or null; sent to every reader that registers. */
    private LiveWeightsEvent liveWeights;

    /** The last reason the weights file could not be used, so it is logged once, not each poll. */
    private String lastWeightsProblem;

    private Counter weightsFileErrors;

    public MuxEnumerator(
            SplitEnumeratorContext<LaneSplit> context, MuxConfig config, EnumeratorState restored) {
        this.context = context;
        this.config = config;
        this.weightsFile =
                config.weightsFile() == null
                        ? null
                        : new LiveWeightsFile(
                                config.weightsFile(),
                                config.datasets().stream().map(DatasetSpec::name).toList());
        if (restored != null) {
            laneCount = restored.laneCount();
            restored.unassigned().forEach(this::addPending);
            if (config.monitored() != (restored.discovery() != null)) {
                throw new SuppressRestartsException(
                        new IllegalStateException(
                                "monitorContinuously cannot be switched "
                                        + (config.monitored() ? "on" : "off")
                                        + " at a restore: the lanes' state was written"
                                        + (config.monitored() ? " without" : " with")
                                        + " it"));
            }
            if (restored.discovery() != null) {
                monitor =
                        new ShardMonitor(
                                context,
                                config,
                                restored.discovery().withDatasets(config.datasets().size()));
            }
        }
    }

    @Override
    public void start() {
        weightsFileErrors = context.metricGroup().counter("weightsFileErrors");
        if (weightsFile != null) {
            // Read once now, so that lanes planned at the first start begin with these weights.
            try {
                weightsRead(weightsFile.read(), null);
            } catch (IOException e) {
                weightsRead(null, e);
            }
            long every = config.weightsPollInterval().toMillis();
            context.callAsync(weightsFile::read, this::weightsRead, every, every);
            context.metricGroup()
                    .gauge("weightsVersion", () -> liveWeights == null ? 0 : liveWeights.version());
        }
        if (laneCount == 0) {
            plan();
        }
        context.metricGroup().gauge("lanes", () -> laneCount);
        if (monitor != null) {
            monitor.start();
        }
        for (int subtask : context.registeredReaders().keySet()) {
            assign(subtask);
        }
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof LaneSlicesRequest request && monitor != null) {
            monitor.onRequest(subtaskId, request.lane(), request.slices());
        }
    }

    private void plan() {
        ShardDiscovery discovery = new ShardDiscovery(config);
        List<List<ShardInfo>> shards;
        try {
            shards = discovery.discover();
        } catch (InvalidDatasetException e) {
            // No restart can fix a wrong path or a bad file: fail the job once, not forever.
            LOG.error("Cannot plan lanes: {}", e.getMessage());
            throw new SuppressRestartsException(e);
        } catch (IOException e) {
            // Possibly transient (a store briefly down): the restart strategy decides.
            throw new UncheckedIOException(e.getMessage(), e);
        }
        context.metricGroup().counter("badShardsSkipped").inc(discovery.skipped());
        laneCount =
                config.lanes() > 0
                        ? config.lanes()
                        : MuxConfig.DEFAULT_LANES_PER_READER * context.currentParallelism();
        LaneWeights weights =
                liveWeights == null
                        ? LaneWeights.CONFIGURED
                        : new LaneWeights(Map.of(), liveWeights.weights(), Map.of());
        List<LaneSplit> lanes;
        try {
            lanes =
                    config.monitored()
                            ? planMonitored(discovery, shards, weights)
                            : LanePlanner.plan(config, shards, laneCount, weights);
        } catch (IllegalArgumentException e) {
            // Planning is deterministic in the settings and shards: a restart plans the same.
            LOG.error("Cannot plan lanes: {}", e.getMessage());
            throw new SuppressRestartsException(e);
        }
        lanes.forEach(this::addPending);
        LOG.info(
                "Planned {} lanes over {} shards in {} datasets ({} bad shards skipped)",
                laneCount,
                shards.stream().mapToInt(List::size).sum(),
                shards.size(),
                discovery.skipped());
    }

    /** The first plan of a monitored source: one dealing round (see {@link ShardDealer}). */
    private List<LaneSplit> planMonitored(
            ShardDiscovery discovery, List<List<ShardInfo>> shards, LaneWeights weights) {
        List<List<ShardSlice>> slices = new ArrayList<>();
        monitor = ShardMonitor.firstPlan(context, config, discovery, shards, laneCount, slices);
        return LanePlanner.lanesOver(config, slices, weights);
    }

    private void addPending(LaneSplit lane) {
        addPending(lane.lane() % context.currentParallelism(), lane);
    }

    private void addPending(int subtask, LaneSplit lane) {
        pending.computeIfAbsent(subtask, k -> new ArrayList<>()).add(lane);
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Assignment is pushed on registration; readers never request splits.
    }

    @Override
    public void addSplitsBack(List<LaneSplit> splits, int subtaskId) {
        LOG.debug("Lanes {} handed back by subtask {}", splits, subtaskId);
        if (monitor != null) {
            monitor.onHandedBack(splits);
        }
        splits.forEach(lane -> addPending(subtaskId, lane));
        if (context.registeredReaders().containsKey(subtaskId)) {
            assign(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assign(subtaskId);
        if (liveWeights != null) {
            // Also after a failover: a lane restored without these weights takes them again.
            context.sendEventToSourceReader(subtaskId, liveWeights);
        }
    }

    /**
     * Handles one read of the weights file, in the coordinator thread: a change goes to every
     * reader; a missing file changes nothing; a file that cannot be used is logged and counted,
     * never failing the job (a typo in it must not stop a training run).
     */
    private void weightsRead(LiveWeightsFile.Read read, Throwable failure) {
        String problem = null;
        if (failure != null) {
            problem = weightsFile.path() + ": cannot be read (" + failure.getMessage() + ")";
        } else if (read instanceof LiveWeightsFile.Invalid invalid) {
            problem = invalid.reason();
        } else if (read instanceof LiveWeightsFile.Weights w
                && (liveWeights == null || !liveWeights.weights().equals(w.weights()))) {
            liveWeights =
                    new LiveWeightsEvent(
                            liveWeights == null ? 1 : liveWeights.version() + 1, w.weights());
            LOG.info(
                    "Live weights changed to {} (change {}) in {}",
                    w.weights(),
                    liveWeights.version(),
                    weightsFile.path());
            for (int subtask : context.registeredReaders().keySet()) {
                context.sendEventToSourceReader(subtask, liveWeights);
            }
        }
        if (problem != null) {
            weightsFileErrors.inc();
            if (!problem.equals(lastWeightsProblem)) {
                LOG.warn("Live weights unchanged: {}", problem);
            }
        }
        lastWeightsProblem = problem;
    }

    /** Hands a registered reader all its pending lanes, then tells it no more will come. */
    private void assign(int subtask) {
        List<LaneSplit> lanes = pending.remove(subtask);
        if (lanes != null && !lanes.isEmpty()) {
            lanes.sort(Comparator.comparingInt(LaneSplit::lane));
            LOG.info(
                    "Assigning lanes {} to subtask {}",
                    lanes.stream().map(LaneSplit::lane).toList(),
                    subtask);
            // One message per lane: a lane of 100,000 slices is a few MB, and Flink's RPC frame
            // (10 MiB by default) bounds a message, not an assignment.
            for (LaneSplit lane : lanes) {
                if (monitor != null) {
                    lane = monitor.complete(lane);
                }
                context.assignSplits(new SplitsAssignment<>(Map.of(subtask, List.of(lane))));
            }
        }
        context.signalNoMoreSplits(subtask);
    }

    @Override
    public EnumeratorState snapshotState(long checkpointId) {
        List<LaneSplit> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        all.sort(Comparator.comparingInt(LaneSplit::lane));
        return new EnumeratorState(laneCount, all, monitor == null ? null : monitor.snapshot());
    }

    @Override
    public void close() {}
}

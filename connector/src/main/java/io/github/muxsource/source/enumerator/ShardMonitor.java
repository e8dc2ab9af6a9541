package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.split.LaneSlicesEvent;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitored half of the enumerator: plans the first lanes with the {@link ShardDealer}, lists
 * every dataset again at the interval (on Flink's worker thread, through {@code callAsync}), deals
 * the new shards on the coordinator thread, and sends each lane's holder the slices it lacks.
 * Everything dealt is in its {@link DiscoveryState}, checkpointed with the enumerator, so a shard
 * is neither found twice nor lost.
 */
@Internal
final class ShardMonitor {
    /** Slices per event: a few hundred KB, far below Flink's RPC frame. */
    static final int SLICES_PER_EVENT = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ShardMonitor.class);

    private final SplitEnumeratorContext<LaneSplit> context;
    private final MuxConfig config;
    private final DiscoveryState state;
    private final ShardDealer dealer;

    /** The subtask that last said it holds a lane (lanes handed back are removed). */
    private final Map<Integer, Integer> holders = new HashMap<>();

    private Counter discovered;
    private Counter skipped;

    ShardMonitor(
            SplitEnumeratorContext<LaneSplit> context, MuxConfig config, DiscoveryState state) {
        this.context = context;
        this.config = config;
        this.state = state;
        this.dealer = ShardDealer.of(config, state.firstSlices().length);
    }

    /** Deals the shards found at the first start; returns each lane's slices. */
    static ShardMonitor firstPlan(
            SplitEnumeratorContext<LaneSplit> context,
            MuxConfig config,
            ShardDiscovery discovery,
            List<List<ShardInfo>> shards,
            int laneCount,
            List<List<ShardSlice>> lanes) {
        List<DatasetProgress> datasets = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            lanes.add(new ArrayList<>());
        }
        ShardDealer dealer = ShardDealer.of(config, laneCount);
        for (int d = 0; d < shards.size(); d++) {
            Set<String> known = new HashSet<>(discovery.skippedPaths());
            shards.get(d).forEach(s -> known.add(s.path()));
            DatasetProgress progress =
                    new DatasetProgress(
                            discovery.layoutOf(shards.get(d).get(0).path()), known, 0, 0, 0);
            List<List<ShardSlice>> dealt = dealer.deal(d, progress, shards.get(d));
            for (int l = 0; l < laneCount; l++) {
                lanes.get(l).addAll(dealt.get(l));
            }
            datasets.add(progress);
        }
        int[] firstSlices = new int[laneCount];
        List<List<ShardSlice>> added = new ArrayList<>();
        for (int l = 0; l < laneCount; l++) {
            firstSlices[l] = lanes.get(l).size();
            added.add(new ArrayList<>());
        }
        return new ShardMonitor(context, config, new DiscoveryState(datasets, firstSlices, added));
    }

    /** Registers the metrics and starts listing at the configured interval. */
    void start() {
        discovered = context.metricGroup().counter("shardsDiscovered");
        skipped = context.metricGroup().counter("newShardsSkipped");
        for (int d = 0; d < config.datasets().size(); d++) {
            DatasetProgress progress = state.datasets().get(d);
            context.metricGroup()
                    .addGroup("dataset", config.datasets().get(d).name())
                    .gauge("rowsDiscovered", progress::dealt);
        }
        long interval = config.monitorInterval().toMillis();
        context.callAsync(this::listNew, this::onListed, interval, interval);
    }

    /** On Flink's worker thread: lists and validates what is new (a snapshot of what is known). */
    private ShardDiscovery.NewShards listNew() throws IOException {
        List<Set<String>> known = new ArrayList<>();
        synchronized (state) {
            state.datasets().forEach(p -> known.add(new HashSet<>(p.known())));
        }
        return new ShardDiscovery(config).discoverNew(known);
    }

    /** On the coordinator thread: deals the new shards and tells every lane's holder. */
    private void onListed(ShardDiscovery.NewShards found, Throwable error) {
        if (error != null) {
            if (error instanceof InvalidDatasetException) {
                // A bad new shard stays bad: fail once, naming it (skipBadShards skips it instead).
                LOG.error("Cannot add new shards: {}", error.getMessage());
                throw new SuppressRestartsException(error);
            }
            // Listing a store can fail for a moment; the next round lists again.
            LOG.warn("Listing datasets for new shards failed: {}", error.getMessage(), error);
            return;
        }
        int laneCount = state.firstSlices().length;
        List<List<ShardSlice>> dealtNow = new ArrayList<>();
        int[] before = new int[laneCount];
        for (int l = 0; l < laneCount; l++) {
            dealtNow.add(new ArrayList<>());
            before[l] = state.sliceCount(l);
        }
        int newShards = 0;
        for (int d = 0; d < found.shards().size(); d++) {
            List<ShardInfo> fresh = accept(d, found);
            if (fresh.isEmpty()) {
                continue;
            }
            newShards += fresh.size();
            List<List<ShardSlice>> dealt;
            synchronized (state) {
                dealt = dealer.deal(d, state.datasets().get(d), fresh);
            }
            for (int l = 0; l < laneCount; l++) {
                dealtNow.get(l).addAll(dealt.get(l));
            }
        }
        if (newShards == 0) {
            return;
        }
        discovered.inc(newShards);
        LOG.info("Dealt {} new shards over {} lanes", newShards, laneCount);
        for (int l = 0; l < laneCount; l++) {
            if (!dealtNow.get(l).isEmpty()) {
                state.added().get(l).addAll(dealtNow.get(l));
            }
        }
        for (int l = 0; l < laneCount; l++) {
            if (!dealtNow.get(l).isEmpty()) {
                send(l, before[l]);
            }
        }
    }

    /** Dataset {@code d}'s shards that are new and fit its layout; marks every path seen. */
    private List<ShardInfo> accept(int d, ShardDiscovery.NewShards found) {
        DatasetProgress progress = state.datasets().get(d);
        String name = config.datasets().get(d).name();
        List<ShardInfo> fresh = new ArrayList<>();
        List<ShardInfo> shards = found.shards().get(d);
        Set<String> valid = new HashSet<>();
        for (int i = 0; i < shards.size(); i++) {
            ShardInfo shard = shards.get(i);
            valid.add(shard.path());
            if (progress.known().contains(shard.path())) {
                continue; // found by an earlier round that finished after this one listed
            }
            String layout = found.layouts().get(d).get(i);
            if (progress.layout().isEmpty()) {
                progress.layout(layout); // a dataset added at a restore: its first shard
            }
            if (!layout.equals(progress.layout())) {
                String message =
                        "dataset '"
                                + name
                                + "': new shard "
                                + shard.path()
                                + " has layout "
                                + layout
                                + " but the dataset's shards have "
                                + progress.layout()
                                + "; every shard of a dataset must have the same field names,"
                                + " dtypes and row shapes";
                if (!config.skipBadShards()) {
                    LOG.error("Cannot add new shards: {}", message);
                    throw new SuppressRestartsException(new InvalidDatasetException(message));
                }
                LOG.warn("Skipping bad shard: {}", message);
                skipped.inc();
                continue;
            }
            fresh.add(shard);
        }
        for (String path : found.seen().get(d)) {
            boolean isNew;
            synchronized (state) {
                isNew = progress.markKnown(path);
            }
            if (isNew && !valid.contains(path)) {
                skipped.inc(); // refused by validation and skipped (skipBadShards)
            }
        }
        return fresh;
    }

    /** A reader says it holds {@code lane} with {@code has} slices: send it what it lacks. */
    void onRequest(int subtask, int lane, int has) {
        holders.put(lane, subtask);
        send(lane, has);
    }

    /** A reader failed: its lanes come back through the enumerator, which holds their state. */
    void onHandedBack(List<LaneSplit> lanes) {
        lanes.forEach(l -> holders.remove(l.lane()));
    }

    private void send(int lane, int from) {
        Integer subtask = holders.get(lane);
        List<ShardSlice> slices = state.slicesFrom(lane, from);
        if (subtask == null
                || slices.isEmpty()
                || !context.registeredReaders().containsKey(subtask)) {
            return; // the lane's next holder asks when it takes the lane
        }
        // In pieces: a large backlog in one event could pass Flink's RPC frame (10 MiB by default);
        // the reader appends events in order and asks again after a gap.
        for (int start = 0; start < slices.size(); start += SLICES_PER_EVENT) {
            List<ShardSlice> piece =
                    List.copyOf(
                            slices.subList(
                                    start, Math.min(slices.size(), start + SLICES_PER_EVENT)));
            context.sendEventToSourceReader(
                    subtask, new LaneSlicesEvent(lane, from + start, piece));
        }
    }

    /** A lane waiting for a reader, with everything dealt to it since its state was taken. */
    LaneSplit complete(LaneSplit lane) {
        List<ShardSlice> missing = state.slicesFrom(lane.lane(), lane.slices().size());
        return missing.isEmpty() ? lane : lane.withSlicesAdded(missing);
    }

    DiscoveryState snapshot() {
        synchronized (state) {
            return state.copy();
        }
    }
}

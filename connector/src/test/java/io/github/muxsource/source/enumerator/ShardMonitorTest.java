package io.github.muxsource.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.it.NumpyShards;
import io.github.muxsource.source.split.LaneSlicesEvent;
import io.github.muxsource.source.split.LaneSlicesRequest;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;
import io.github.muxsource.testing.Numpy;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A monitored enumerator with Flink's testing context: what it deals, sends and remembers. */
class ShardMonitorTest {
    @TempDir Path dir;

    private MuxSourceBuilder<?> source() {
        return MuxSource.builder()
                .dataset("d", 1, dir.toString())
                .rowOrder(RowOrder.SEQUENTIAL)
                .lanes(2)
                .monitorContinuously(Duration.ofSeconds(1));
    }

    private static MuxEnumerator started(
            TestingSplitEnumeratorContext<LaneSplit> context, MuxEnumerator enumerator) {
        enumerator.start();
        for (int subtask = 0; subtask < 2; subtask++) {
            context.registerReader(subtask, "host");
            enumerator.addReader(subtask);
        }
        return enumerator;
    }

    /** One listing round: the periodic callable, then its handler. */
    private static void listOnce(TestingSplitEnumeratorContext<LaneSplit> context) {
        context.getExecutorService().triggerPeriodicScheduledTasks();
        context.triggerAllActions();
    }

    private static List<LaneSlicesEvent> events(
            TestingSplitEnumeratorContext<LaneSplit> context, int subtask) {
        List<LaneSlicesEvent> out = new ArrayList<>();
        for (SourceEvent e : context.getSentEvents().getOrDefault(subtask, List.of())) {
            out.add((LaneSlicesEvent) e);
        }
        return out;
    }

    @Test
    void newShardsReachTheirLanesOnceAndUnpublishedNamesAreIgnored() throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator enumerator =
                started(context, new MuxEnumerator(context, source().build().config(), null));
        enumerator.handleSourceEvent(0, new LaneSlicesRequest(0, 1));
        assertThat(context.getSentEvents()).isEmpty(); // nothing new yet

        NumpyShards.write(dir, "b.npz", 10, 7);
        NumpyShards.write(dir, "_c.npz", 100, 5); // still being written: a name starting with _
        Files.write(dir.resolve(".d.npz"), new byte[] {1, 2, 3}); // a half-written file
        listOnce(context);
        // Lane 0 held by subtask 0 gets its share of b (rows 0..3, carry: lane 0 is next).
        assertThat(events(context, 0))
                .containsExactly(
                        new LaneSlicesEvent(0, 1, List.of(slice(enumerator, 0, 1, "b.npz", 0, 4))));
        assertThat(events(context, 1)).isEmpty(); // lane 1's holder has not asked yet

        listOnce(context);
        assertThat(events(context, 0)).hasSize(1); // nothing is found twice

        // Lane 1's reader asks with what it holds; a repeated ask gets the same answer.
        enumerator.handleSourceEvent(1, new LaneSlicesRequest(1, 1));
        enumerator.handleSourceEvent(1, new LaneSlicesRequest(1, 1));
        enumerator.handleSourceEvent(1, new LaneSlicesRequest(1, 2));
        LaneSlicesEvent lane1 =
                new LaneSlicesEvent(1, 1, List.of(slice(enumerator, 1, 1, "b.npz", 4, 7)));
        assertThat(events(context, 1)).containsExactly(lane1, lane1);
    }

    @Test
    void aRestoredEnumeratorFindsNothingTwiceAndStillAnswersWhatALaneLacks() throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        var config = source().build().config();
        MuxEnumerator first = started(context, new MuxEnumerator(context, config, null));
        NumpyShards.write(dir, "b.npz", 10, 7);
        listOnce(context);
        byte[] state = EnumeratorStateSerializer.INSTANCE.serialize(first.snapshotState(1));

        TestingSplitEnumeratorContext<LaneSplit> again = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator restored =
                started(
                        again,
                        new MuxEnumerator(
                                again,
                                config,
                                EnumeratorStateSerializer.INSTANCE.deserialize(
                                        EnumeratorStateSerializer.CURRENT_VERSION, state)));
        listOnce(again);
        assertThat(again.getSentEvents()).isEmpty();
        // A reader restored from a checkpoint taken before b was dealt asks for it.
        restored.handleSourceEvent(0, new LaneSlicesRequest(0, 1));
        assertThat(events(again, 0))
                .singleElement()
                .satisfies(e -> assertThat(e.from()).isEqualTo(1));
        assertThat(events(again, 0).get(0).slices())
                .extracting(ShardSlice::rows)
                .containsExactly(4L);
    }

    @Test
    void aDatasetAddedAtARestoreIsDealtToTheLanesLikeNewShards() throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        Path more = Files.createDirectories(dir.resolve("more"));
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator first =
                started(context, new MuxEnumerator(context, source().build().config(), null));
        byte[] state = EnumeratorStateSerializer.INSTANCE.serialize(first.snapshotState(1));

        NumpyShards.write(more, "e.npz", 500, 5);
        TestingSplitEnumeratorContext<LaneSplit> again = new TestingSplitEnumeratorContext<>(2);
        var withE = source().dataset("e", 3, more.toString()).build().config();
        MuxEnumerator restored =
                started(
                        again,
                        new MuxEnumerator(
                                again,
                                withE,
                                EnumeratorStateSerializer.INSTANCE.deserialize(
                                        EnumeratorStateSerializer.CURRENT_VERSION, state)));
        listOnce(again);
        restored.handleSourceEvent(0, new LaneSlicesRequest(0, 1));
        restored.handleSourceEvent(1, new LaneSlicesRequest(1, 1));
        // Dataset 1's five rows, dealt as new rows: 3 to lane 0 (its turn first), 2 to lane 1.
        assertThat(events(again, 0).get(0).slices())
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.dataset()).isEqualTo(1);
                            assertThat(s.rows()).isEqualTo(3);
                        });
        assertThat(events(again, 1).get(0).slices())
                .singleElement()
                .satisfies(s -> assertThat(s.rows()).isEqualTo(2));
        // The added dataset's progress is in the state from now on: nothing is dealt twice.
        listOnce(again);
        DiscoveryState discovery = restored.snapshotState(2).discovery();
        assertThat(discovery.datasets()).hasSize(2);
        assertThat(discovery.datasets().get(1).dealt()).isEqualTo(5);
        assertThat(discovery.datasets().get(1).layout()).isNotEmpty();
    }

    @Test
    void aLargeBacklogReachesALaneInPiecesThatFollowOneAnother() throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator enumerator =
                started(context, new MuxEnumerator(context, source().build().config(), null));
        enumerator.handleSourceEvent(0, new LaneSlicesRequest(0, 1)); // lane 0's holder asks
        // One-row shards: each lane takes a contiguous half of them, one slice per shard, more
        // than one event carries.
        int shards = 2 * ShardMonitor.SLICES_PER_EVENT + 10;
        Numpy.run(
                "import sys, numpy as np\n"
                        + "for s in range("
                        + shards
                        + "):\n"
                        + "    np.savez(f'{sys.argv[1]}/b-{s:05d}.npz',"
                        + " id=np.arange(100 + s, 101 + s, dtype=np.int64))\n",
                dir);
        listOnce(context);
        List<LaneSlicesEvent> events = events(context, 0);
        assertThat(events).hasSize(2);
        int next = 1; // lane 0 held one slice of a.npz
        for (LaneSlicesEvent e : events) {
            assertThat(e.from()).isEqualTo(next);
            assertThat(e.slices()).hasSizeLessThanOrEqualTo(ShardMonitor.SLICES_PER_EVENT);
            next += e.slices().size();
        }
        assertThat(next - 1).isEqualTo(shards / 2);
    }

    @Test
    void slicesFoundAfterARestoreWithAnotherWeightWeighWhatTheFirstOnesWeighed() throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator first =
                started(context, new MuxEnumerator(context, source().build().config(), null));
        byte[] state = EnumeratorStateSerializer.INSTANCE.serialize(first.snapshotState(1));

        NumpyShards.write(dir, "b.npz", 10, 10);
        TestingSplitEnumeratorContext<LaneSplit> again = new TestingSplitEnumeratorContext<>(2);
        var heavier =
                MuxSource.builder()
                        .dataset("d", 3, dir.toString())
                        .rowOrder(RowOrder.SEQUENTIAL)
                        .lanes(2)
                        .monitorContinuously(Duration.ofSeconds(1))
                        .build()
                        .config();
        MuxEnumerator restored =
                started(
                        again,
                        new MuxEnumerator(
                                again,
                                heavier,
                                EnumeratorStateSerializer.INSTANCE.deserialize(
                                        EnumeratorStateSerializer.CURRENT_VERSION, state)));
        listOnce(again);
        restored.handleSourceEvent(0, new LaneSlicesRequest(0, 1));
        // 5 of b's rows, weighed as a.npz's 5 rows were (weight 1 at the first plan): lanes scale
        // every slice by the weight now (3) over the planned one themselves.
        assertThat(events(again, 0).get(0).slices())
                .singleElement()
                .satisfies(s -> assertThat(s.weight()).isCloseTo(1.0, within(1e-12)));
    }

    @Test
    void withSkipBadShardsABadShardIsSkippedOnceAndNeverCountedAgain() throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        Files.write(dir.resolve("broken.npz"), "not a zip".getBytes());
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator enumerator =
                started(
                        context,
                        new MuxEnumerator(
                                context, source().skipBadShards(true).build().config(), null));
        NumpyShards.write(dir, "c.npz", 10, 4);
        Files.write(dir.resolve("late-broken.npz"), "not a zip either".getBytes());
        listOnce(context);
        listOnce(context);
        enumerator.handleSourceEvent(0, new LaneSlicesRequest(0, 1));
        assertThat(events(context, 0)).singleElement();
        assertThat(enumerator.snapshotState(2).discovery().datasets().get(0).known())
                .extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactly("a.npz", "broken.npz", "c.npz", "late-broken.npz");
    }

    /** The slice the enumerator's state holds for that lane, checked against what we expect. */
    private static ShardSlice slice(
            MuxEnumerator enumerator, int lane, int index, String name, long from, long to) {
        DiscoveryState state = enumerator.snapshotState(0).discovery();
        ShardSlice s = state.slicesFrom(lane, index).get(0);
        assertThat(s.path()).endsWith(name);
        assertThat(s.rowStart()).isEqualTo(from);
        assertThat(s.rowEnd()).isEqualTo(to);
        return s;
    }
}

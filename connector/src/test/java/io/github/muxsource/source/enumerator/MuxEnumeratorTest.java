package io.github.muxsource.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LiveWeightsEvent;

import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The FLIP-27 traps, with Flink's testing enumerator context. */
class MuxEnumeratorTest {

    /** lanes = 0: the default, the parallelism at the first start. */
    private static MuxConfig config(int lanes) {
        return lanes == 0
                ? SourceFixtures.builder().build().config()
                : SourceFixtures.builder().lanes(lanes).build().config();
    }

    @Test
    void assignsWholeAssignmentOnlyToRegisteredReadersThenNoMoreSplits() {
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator enumerator = new MuxEnumerator(context, config(5), null);
        context.registerReader(1, "host");
        enumerator.start();

        assertThat(context.getSplitAssignments()).containsOnlyKeys(1);
        assertThat(lanes(context, 1)).containsExactly(1, 3);
        assertThat(context.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal()).isTrue();

        context.registerReader(0, "host");
        enumerator.addReader(0);
        assertThat(lanes(context, 0)).containsExactly(0, 2, 4);
        assertThat(context.getSplitAssignments().get(0).hasReceivedNoMoreSplitsSignal()).isTrue();
        assertThat(enumerator.snapshotState(1).unassigned()).isEmpty();
        assertThat(enumerator.snapshotState(1).laneCount()).isEqualTo(5);
    }

    @Test
    void readerWithoutLanesStillGetsNoMoreSplits() {
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(3);
        MuxEnumerator enumerator = new MuxEnumerator(context, config(2), null);
        enumerator.start();
        context.registerReader(2, "host");
        enumerator.addReader(2);
        assertThat(context.getSplitAssignments().get(2).getAssignedSplits()).isEmpty();
        assertThat(context.getSplitAssignments().get(2).hasReceivedNoMoreSplitsSignal()).isTrue();
    }

    @Test
    void lanesHandedBackBeforeTheFirstCheckpointAreReassignedWhenTheReaderReturns() {
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator enumerator = new MuxEnumerator(context, config(4), null);
        enumerator.start();
        context.registerReader(0, "host");
        enumerator.addReader(0);
        List<LaneSplit> assigned = context.getSplitAssignments().get(0).getAssignedSplits();
        assertThat(assigned).hasSize(2);

        // The reader fails: Flink unregisters it and hands its lanes back.
        context.registeredReaders().remove(0);
        enumerator.addSplitsBack(List.copyOf(assigned), 0);
        // Held for subtask 0, beside lanes 1 and 3 still waiting for subtask 1.
        assertThat(enumerator.snapshotState(2).unassigned()).containsAll(assigned).hasSize(4);

        context.registerReader(0, "host");
        enumerator.addReader(0);
        // The testing context accumulates: two lanes at first, the same two again now.
        assertThat(lanes(context, 0)).containsExactly(0, 2, 0, 2);
        assertThat(enumerator.snapshotState(3).unassigned())
                .extracting(LaneSplit::lane)
                .containsExactly(1, 3);
    }

    @Test
    void restoredStateKeepsTheLaneCountAndFullLaneState() {
        TestingSplitEnumeratorContext<LaneSplit> first = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator enumerator = new MuxEnumerator(first, config(0), null);
        enumerator.start();
        EnumeratorState state = enumerator.snapshotState(1);
        assertThat(state.laneCount()).isEqualTo(2 * MuxConfig.DEFAULT_LANES_PER_READER);

        // Restored at parallelism 3: the lane count stays 8; lanes go by lane mod 3.
        TestingSplitEnumeratorContext<LaneSplit> second = new TestingSplitEnumeratorContext<>(3);
        MuxEnumerator restored = new MuxEnumerator(second, config(0), state);
        restored.start();
        for (int subtask = 0; subtask < 3; subtask++) {
            second.registerReader(subtask, "host");
            restored.addReader(subtask);
        }
        assertThat(lanes(second, 0)).containsExactly(0, 3, 6);
        assertThat(lanes(second, 1)).containsExactly(1, 4, 7);
        assertThat(lanes(second, 2)).containsExactly(2, 5);
        assertThat(restored.snapshotState(2).laneCount()).isEqualTo(8);
    }

    @Test
    void badShardFailsTheStartNamingTheFile() throws Exception {
        Path dir = Files.createTempDirectory("muxsource-bad");
        Files.copy(SourceFixtures.dataset("beta").resolve("part-00.npz"), dir.resolve("a.npz"));
        Files.write(dir.resolve("b.npz"), new byte[] {1, 2, 3});
        MuxConfig config =
                io.github.muxsource.source.MuxSource.builder()
                        .dataset("d", 1, dir.toString())
                        .checkShardsOnClient(false)
                        .build()
                        .config();
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(1);
        assertThatThrownBy(() -> new MuxEnumerator(context, config, null).start())
                .as("a bad file is no transient failure: restarting cannot fix it")
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("dataset 'd'")
                .hasMessageContaining("b.npz")
                .hasMessageContaining("not a zip archive");

        MuxConfig skipping =
                io.github.muxsource.source.MuxSource.builder()
                        .dataset("d", 1, dir.toString())
                        .skipBadShards(true)
                        .checkShardsOnClient(false)
                        .build()
                        .config();
        MuxEnumerator lenient = new MuxEnumerator(context, skipping, null);
        lenient.start();
        assertThat(lenient.snapshotState(1).unassigned())
                .hasSize(MuxConfig.DEFAULT_LANES_PER_READER);
        assertThat(lenient.snapshotState(1).unassigned().get(0).slices())
                .allSatisfy(s -> assertThat(s.path()).endsWith("a.npz"));
    }

    @Test
    void misspelledPathFailsTheStartWithoutRestartNamingDatasetAndPath() {
        String misspelled = SourceFixtures.dataset("alpha").resolveSibling("alhpa").toString();
        MuxConfig config =
                io.github.muxsource.source.MuxSource.builder()
                        .dataset("alpha", 1, misspelled)
                        .checkShardsOnClient(false)
                        .build()
                        .config();
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        assertThatThrownBy(() -> new MuxEnumerator(context, config, null).start())
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .hasMessageStartingWith("dataset 'alpha': ")
                .hasMessageContaining(misspelled)
                .hasMessageEndingWith("no such file or directory");
    }

    @Test
    void settingsNoLaneCanMeetFailTheStartWithoutRestart() {
        MuxConfig config = SourceFixtures.builder().stochastic(50).lanes(2).build().config();
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        assertThatThrownBy(() -> new MuxEnumerator(context, config, null).start())
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .hasMessageStartingWith("mode=SINGLE_ACTIVE requires nActive=50 to be at most");
    }

    private static List<Integer> lanes(
            TestingSplitEnumeratorContext<LaneSplit> context, int subtask) {
        return context.getSplitAssignments().get(subtask).getAssignedSplits().stream()
                .map(LaneSplit::lane)
                .toList();
    }

    @Test
    void liveWeightsGoToEveryReaderOnChangeAndOnRegistrationAndBadFilesChangeNothing(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.json");
        Files.writeString(file, "{\"gamma\": 4}");
        MuxConfig config =
                SourceFixtures.builder().lanes(2).weightsFrom(file.toString()).build().config();
        TestingSplitEnumeratorContext<LaneSplit> context = new TestingSplitEnumeratorContext<>(2);
        MuxEnumerator enumerator = new MuxEnumerator(context, config, null);
        context.registerReader(0, "host");
        enumerator.start();
        // Read at the first start: the planned lanes begin with it, and registered readers get it.
        assertThat(context.getSplitAssignments().get(0).getAssignedSplits())
                .allSatisfy(
                        lane -> assertThat(lane.weights().live()).isEqualTo(Map.of("gamma", 4.0)));
        assertThat(context.getSentEvents().get(0))
                .containsExactly(new LiveWeightsEvent(1, Map.of("gamma", 4.0)));

        Files.writeString(file, "{\"gamma\": 4, \"zeta\": 1}");
        context.getExecutorService().triggerPeriodicScheduledTasks();
        context.triggerAllActions();
        Files.delete(file);
        context.getExecutorService().triggerPeriodicScheduledTasks();
        context.triggerAllActions();
        assertThat(context.getSentEvents().get(0)).as("bad or missing: no change").hasSize(1);

        Files.writeString(file, "{\"alpha\": 2, \"gamma\": 1}");
        context.getExecutorService().triggerPeriodicScheduledTasks();
        context.triggerAllActions();
        LiveWeightsEvent second = new LiveWeightsEvent(2, Map.of("alpha", 2.0, "gamma", 1.0));
        assertThat(context.getSentEvents().get(0)).last().isEqualTo(second);

        // A reader that registers (again, after a failover) gets the latest weights.
        context.registerReader(1, "host");
        enumerator.addReader(1);
        assertThat(context.getSentEvents().get(1)).containsExactly(second);
    }
}

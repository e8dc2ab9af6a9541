package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.enumerator.ShardInfo;
import io.github.muxsource.source.it.NumpyShards;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A shard that changes or disappears after it was planned (a monitored source finds shards while
 * the job runs, so this can happen long after the start): one clear failure naming it, or, with
 * skipBadShards, the rest of it skipped and the lane going on.
 */
class ChangedShardTest {
    @TempDir Path dir;

    private MuxSource<Sample> source(boolean skip) {
        return builder(skip).build();
    }

    private MuxSourceBuilder<Sample> builder(boolean skip) {
        return MuxSource.builder()
                .dataset("d", 1, dir.toString())
                .chain(ChainMode.EXHAUSTIVE)
                .rowOrder(RowOrder.SEQUENTIAL)
                .skipBadShards(skip)
                .checkShardsOnClient(false); // the shards are written after the source is built
    }

    /** A monitored source of at most {@code maxRecords}, with skipBadShards. */
    private MuxSource<Sample> monitoredSkipping(long maxRecords) {
        return builder(true)
                .monitorContinuously(Duration.ofHours(1))
                .maxRecords(maxRecords)
                .build();
    }

    /** One lane over a (ids 0..9) then b (ids 10..15), planned; then b changes as asked. */
    private LaneSplit lanePlannedThenChanged(MuxSource<Sample> source, String change)
            throws Exception {
        return lanePlannedThenChanged(source, change, LaneSplit.UNBOUNDED, false);
    }

    /** The same, bounded, and with c (ids 16..19) after b if asked. */
    private LaneSplit lanePlannedThenChanged(
            MuxSource<Sample> source, String change, long maxRecords, boolean withC)
            throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        NumpyShards.write(dir, "b.npz", 10, 6);
        if (withC) {
            NumpyShards.write(dir, "c.npz", 16, 4);
        }
        List<ShardSlice> slices = new ArrayList<>();
        List<ShardInfo> shards = new ShardDiscovery(source.config()).discover().get(0);
        for (int i = 0; i < shards.size(); i++) {
            ShardInfo s = shards.get(i);
            slices.add(
                    new ShardSlice(
                            0, i, s.path(), 0, s.rows(), 1.0, s.fileSize(), s.fingerprint()));
        }
        switch (change) {
            case "rewritten" -> NumpyShards.write(dir, "b.npz", 10, 7);
            case "deleted" -> Files.delete(dir.resolve("b.npz"));
            default -> throw new IllegalArgumentException(change);
        }
        return LaneSplit.fresh(0, 1, slices, maxRecords);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"rewritten | bytes, planned", "deleted | cannot be opened: "})
    void aShardChangedAfterPlanningFailsOnceNamingIt(String change, String how) throws Exception {
        MuxSource<Sample> source = source(false);
        MuxSourceReader<Sample> reader =
                ReaderDriver.reader(source, List.of(lanePlannedThenChanged(source, change)));
        assertThatThrownBy(() -> ReaderDriver.poll(reader, 100))
                .isInstanceOf(SuppressRestartsException.class)
                .cause()
                .hasMessageContaining("b.npz: the shard changed since the job planned it")
                .hasMessageContaining(how);
        reader.close();
    }

    @ParameterizedTest
    @CsvSource({"rewritten", "deleted"})
    void withSkipBadShardsTheRestOfTheShardIsSkippedAndTheLaneGoesOn(String change)
            throws Exception {
        MuxSource<Sample> source = source(true);
        MuxSourceReader<Sample> reader =
                ReaderDriver.reader(source, List.of(lanePlannedThenChanged(source, change)));
        List<Long> ids =
                ReaderDriver.poll(reader, 100).stream().map(s -> s.getLong("id", 0)).toList();
        assertThat(ids).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        reader.close();
    }

    /**
     * Rows dropped with a skipped shard count toward the lane's bound, as the mux draws them: a
     * monitored lane whose bound is reached ends, instead of waiting for rows it will never emit.
     */
    @ParameterizedTest
    @CsvSource({"rewritten", "deleted"})
    void aMonitoredBoundedLaneThatSkippedRowsEndsAtItsBound(String change) throws Exception {
        MuxSource<Sample> source = monitoredSkipping(13);
        MuxSourceReader<Sample> reader =
                ReaderDriver.reader(
                        source, List.of(lanePlannedThenChanged(source, change, 13, false)));
        assertThat(pollToTheEnd(reader))
                .extracting(s -> s.getLong("id", 0))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        reader.close();
    }

    /** A dropped row takes its lane position: the records after it keep the mux's positions. */
    @ParameterizedTest
    @CsvSource({"rewritten", "deleted"})
    void recordsAfterDroppedRowsKeepTheirPositions(String change) throws Exception {
        MuxSource<Sample> source = source(true);
        MuxSourceReader<Sample> reader =
                ReaderDriver.reader(
                        source,
                        List.of(lanePlannedThenChanged(source, change, LaneSplit.UNBOUNDED, true)));
        List<Sample> samples = ReaderDriver.poll(reader, 100);
        List<Long> expected = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 16L, 17L, 18L, 19L);
        assertThat(samples).extracting(s -> s.getLong("id", 0)).isEqualTo(expected);
        assertThat(samples).extracting(Sample::lanePosition).isEqualTo(expected);
        reader.close();
    }

    /**
     * A state written before dropped rows took positions (its position short of its mux's count by
     * the rows dropped) still ends at its bound: the lane asks its mux, not only its position.
     */
    @ParameterizedTest
    @CsvSource({"rewritten", "deleted"})
    void aStateWhosePositionLeftOutDroppedRowsEndsAtItsBound(String change) throws Exception {
        MuxSource<Sample> source = monitoredSkipping(20);
        MuxSourceReader<Sample> first =
                ReaderDriver.reader(
                        source, List.of(lanePlannedThenChanged(source, change, 20, true)));
        assertThat(ReaderDriver.poll(first, 11)).extracting(s -> s.getLong("id", 0)).endsWith(16L);
        LaneSplit taken = first.snapshotState(1).get(0);
        first.close();
        assertThat(taken.emitted()).as("10 emitted, 6 dropped, 1 emitted").isEqualTo(17);
        LaneSplit asBefore =
                taken.withState(
                        taken.muxState(),
                        taken.emitted() - 6,
                        taken.turn(),
                        taken.pendingSlice(),
                        taken.pendingRow());

        MuxSourceReader<Sample> restored = ReaderDriver.reader(source, List.of(asBefore));
        assertThat(pollToTheEnd(restored))
                .extracting(s -> s.getLong("id", 0))
                .containsExactly(17L, 18L, 19L);
        restored.close();
    }

    /**
     * Rows held in a half-filled batch at a checkpoint are read again after the restore. A shard
     * that changed since is found only then: with skipBadShards its held rows are dropped, keeping
     * their positions (the run before the restore had them in its half batch); without it the
     * restore fails once, naming the shard. A monitored lane planned with a alone reads a's 10 rows
     * into a batch of 20 and waits for new slices, so the checkpoint holds all of them.
     */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void heldRowsOfAShardChangedAfterTheCheckpoint(boolean skip) throws Exception {
        NumpyShards.write(dir, "a.npz", 0, 10);
        MuxSource<SampleBatch> source =
                builder(skip).monitorContinuously(Duration.ofHours(1)).batches(20).build();
        ShardInfo a = new ShardDiscovery(source.config()).discover().get(0).get(0);
        ShardSlice slice =
                new ShardSlice(0, 0, a.path(), 0, a.rows(), 1.0, a.fileSize(), a.fingerprint());
        MuxSourceReader<SampleBatch> before =
                ReaderDriver.reader(source, List.of(LaneSplit.fresh(0, 1, List.of(slice), -1)));
        List<LaneSplit> state = pollUntil(before, lane -> lane.held().size() == 10);
        before.close();

        NumpyShards.write(dir, "a.npz", 0, 11);
        MuxSourceReader<SampleBatch> after = ReaderDriver.reader(source, state);
        if (skip) {
            LaneSplit restored = pollUntil(after, lane -> lane.held().isEmpty()).get(0);
            assertThat(restored.emitted())
                    .as("the dropped rows keep their positions")
                    .isEqualTo(10);
        } else {
            assertThatThrownBy(() -> pollUntil(after, lane -> false))
                    .isInstanceOf(SuppressRestartsException.class)
                    .cause()
                    .hasMessageContaining("a.npz: the shard changed since the job planned it");
        }
        after.close();
    }

    /**
     * Polls a reader that emits nothing until its one lane's state is as asked, and returns it;
     * fails if the reader waits 30 s for anything.
     */
    private static List<LaneSplit> pollUntil(
            MuxSourceReader<SampleBatch> reader, Predicate<LaneSplit> done) throws Exception {
        TestingReaderOutput<SampleBatch> output = new TestingReaderOutput<>();
        while (true) {
            assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(output.getEmittedRecords()).as("batches").isEmpty();
            List<LaneSplit> state = reader.snapshotState(1);
            if (done.test(state.get(0))) {
                return state;
            }
            reader.isAvailable().get(30, TimeUnit.SECONDS);
        }
    }

    /** Every record up to the end of input; fails if the reader waits 10 s for more. */
    private static List<Sample> pollToTheEnd(MuxSourceReader<Sample> reader) throws Exception {
        TestingReaderOutput<Sample> output = new TestingReaderOutput<>();
        InputStatus status;
        while ((status = reader.pollNext(output)) != InputStatus.END_OF_INPUT) {
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(10, TimeUnit.SECONDS);
            }
        }
        return output.getEmittedRecords();
    }
}

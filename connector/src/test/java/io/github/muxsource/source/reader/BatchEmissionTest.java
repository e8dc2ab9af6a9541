package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.testing.Numpy;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A reader of batches emits the record reader's own row sequence cut into runs of the batch size,
 * and a checkpoint taken while a batch is half filled (the reader waiting for a shard) restores to
 * the same batches: the half batch is neither lost nor duplicated.
 */
class BatchEmissionTest {

    private static List<LaneSplit> lanes(MuxSource<?> source, int count) throws Exception {
        return LanePlanner.plan(
                source.config(), new ShardDiscovery(source.config()).discover(), count);
    }

    private static MuxSourceBuilder<Sample> randomMix(RowOrder order) {
        return SourceFixtures.builder(1, 2, 3)
                .stochastic(2, 7.0)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .rowOrder(order)
                .seed(5)
                // Shards open only when a lane first needs one, so readers wait mid-batch.
                .lookaheadRecords(0);
    }

    private static List<Sample> rowsOf(List<SampleBatch> batches) {
        List<Sample> rows = new ArrayList<>();
        for (SampleBatch b : batches) {
            for (int i = 0; i < b.size(); i++) {
                rows.add(b.sample(i));
            }
        }
        return rows;
    }

    /** Sixty numpy-written shards of 8 rows each (row r of shard s has id s * 10000 + r). */
    private static void writeSixtyShards(Path dir) throws Exception {
        Numpy.run(
                "import numpy as np, sys\n"
                        + "for s in range(60):\n"
                        + "    r = np.arange(8)\n"
                        + "    x = np.stack([0 * r, s + 0 * r, r % 256, r // 256], 1).astype(np.uint8)\n"
                        + "    np.savez(f'{sys.argv[1]}/part-{s:02d}.npz', X=x, Y=s * 10000 + r)\n",
                dir);
    }

    /**
     * One pass over {@link #writeSixtyShards} in sequence, each shard opened when a lane first
     * needs it: a reader waits for a shard every 8 rows of a lane, mostly with a batch part filled.
     */
    private static MuxSourceBuilder<Sample> sequentialPass(Path dir) {
        return MuxSource.builder()
                .dataset("many", 1, dir.toString())
                .stochastic(1)
                .mode(StochasticMode.EXHAUSTIVE)
                .rowOrder(RowOrder.SEQUENTIAL)
                .lookaheadRecords(0);
    }

    @ParameterizedTest(name = "{0}, batches of {1}")
    @CsvSource({"RANDOM, 64", "SEQUENTIAL, 1", "SHUFFLED, 7", "RANDOM, 1000", "SHUFFLED, 2000"})
    void batchesAreTheRecordSequenceCutIntoRunsOfTheBatchSize(RowOrder order, int size)
            throws Exception {
        int total = 1000;
        MuxSource<Sample> records = randomMix(order).maxRecords(total).build();
        MuxSource<SampleBatch> batches = randomMix(order).maxRecords(total).batches(size).build();
        List<LaneSplit> plan = lanes(records, 3);

        List<Sample> reference = ReaderDriver.run(records, plan, total + 1);
        assertThat(reference).hasSize(total);

        MuxSourceReader<SampleBatch> batchReader = ReaderDriver.reader(batches, plan);
        List<SampleBatch> out = ReaderDriver.poll(batchReader, total + 1);
        assertThat(batchReader.pollNext(new TestingReaderOutput<>()))
                .isEqualTo(InputStatus.END_OF_INPUT);
        batchReader.close();

        int full = total / size;
        int last = total % size;
        assertThat(out).hasSize(full + (last > 0 ? 1 : 0));
        for (int b = 0; b < out.size(); b++) {
            assertThat(out.get(b).size()).as("batch %d", b).isEqualTo(b < full ? size : last);
        }
        assertThat(rowsOf(out)).containsExactlyElementsOf(reference);
        rowsOf(out).forEach(SourceFixtures::assertBytesMatchProvenance);
    }

    @ParameterizedTest
    @EnumSource(RowOrder.class)
    void aCheckpointTakenWhileABatchIsHalfFilledRestoresTheSameBatches(RowOrder order)
            throws Exception {
        int total = 3000;
        MuxSource<SampleBatch> source = randomMix(order).maxRecords(total).batches(50).build();
        List<LaneSplit> plan = lanes(source, 3);
        List<SampleBatch> reference = ReaderDriver.run(source, plan, total);
        assertThat(reference).hasSize(total / 50);

        Run run = new Run(source, plan, 50);
        run.toEnd();
        // Each restored reader opens its shards again: many chances to wait with rows held.
        assertThat(run.midBatchCuts).as("checkpoints taken with a batch half filled").isPositive();
        assertThat(run.batches).containsExactlyElementsOf(reference);
    }

    /**
     * A restored reader emits the held rows again before its lanes draw on; a checkpoint taken
     * while it does (some rows in the new batch, the rest waiting for their shards) keeps both, in
     * order, so the run still emits the uninterrupted run's batches.
     */
    @Test
    void aCheckpointTakenWhileHeldRowsAreEmittedAgainKeepsThemAll() throws Exception {
        int total = 3000;
        // At most one shard opened ahead (half the mapped cap): a restored reader opens the rest of
        // its held rows' shards as it replays them, and waits for them part way.
        MuxSource<SampleBatch> source =
                randomMix(RowOrder.RANDOM).maxRecords(total).maxMappedShards(2).batches(50).build();
        List<LaneSplit> plan = lanes(source, 3);
        List<SampleBatch> reference = ReaderDriver.run(source, plan, total);

        Run run = new Run(source, plan, 50);
        run.cutWhileReplaying = true;
        run.toEnd();
        assertThat(run.replayCuts)
                .as("checkpoints taken while held rows were replayed")
                .isPositive();
        assertThat(run.batches).containsExactlyElementsOf(reference);
    }

    /**
     * Held rows past a lane's share of a {@code maxRecords} lowered at the restore are dropped, as
     * the lane drawing them now would not emit them: after the restore each lane emits exactly its
     * rows from where its delivered batches stopped up to its new share.
     */
    @Test
    void heldRowsPastALoweredMaxRecordsAreDropped(@TempDir Path dir) throws Exception {
        writeSixtyShards(dir);
        MuxSource<SampleBatch> source = sequentialPass(dir).maxRecords(480).batches(50).build();
        // Four lanes, maxRecords 4: each lane's share is one row.
        MuxSource<SampleBatch> lowered = sequentialPass(dir).maxRecords(4).batches(50).build();
        List<LaneSplit> plan = lanes(source, 4);
        List<Sample> reference = rowsOf(ReaderDriver.run(source, plan, 480));

        Run run = new Run(source, plan, 50);
        run.afterCut = lowered;
        run.cutWithHeld = 5; // five rows over four lanes: some lane holds one past its share
        run.toEnd();
        int firstCut = run.batchesAtFirstCut;
        assertThat(run.state.stream().mapToInt(lane -> lane.held().size()).sum())
                .as("rows held at the cut")
                .isPositive();
        List<Sample> before = rowsOf(run.batches.subList(0, firstCut));
        List<Sample> after = rowsOf(run.batches.subList(firstCut, run.batches.size()));
        long heldPastShare = 0;
        for (LaneSplit lane : run.state) {
            long share = LaneMuxFactory.maxRecords(lowered.config(), lane);
            long delivered = before.stream().filter(r -> r.lane() == lane.lane()).count();
            heldPastShare += lane.held().stream().filter(r -> r.position() >= share).count();
            List<Sample> expected =
                    reference.stream()
                            .filter(r -> r.lane() == lane.lane())
                            .filter(r -> r.lanePosition() >= delivered && r.lanePosition() < share)
                            .toList();
            assertThat(after.stream().filter(r -> r.lane() == lane.lane()).toList())
                    .as("lane %d after the restore, share %d", lane.lane(), share)
                    .containsExactlyElementsOf(expected);
        }
        assertThat(heldPastShare).as("held rows past the new shares").isPositive();
    }

    /**
     * Held rows replay into whatever the restored job emits: batches of another size continue the
     * row sequence exactly, and so do records.
     */
    @Test
    void heldRowsReplayIntoBatchesOfAnotherSizeOrIntoRecords(@TempDir Path dir) throws Exception {
        writeSixtyShards(dir);
        int total = 480;
        MuxSource<SampleBatch> source = sequentialPass(dir).batches(50).build();
        List<LaneSplit> plan = lanes(source, 3);
        MuxSource<Sample> records = sequentialPass(dir).build();
        List<Sample> reference = ReaderDriver.run(records, plan, total + 1);
        assertThat(reference).hasSize(total);

        Run run = new Run(source, plan, 50);
        run.afterCut = sequentialPass(dir).batches(7).build();
        run.cutWithHeld = 1;
        run.toEnd();
        assertThat(run.state.stream().mapToInt(lane -> lane.held().size()).sum())
                .as("rows held at the cut")
                .isPositive();
        assertThat(rowsOf(run.batches)).containsExactlyElementsOf(reference);
        List<SampleBatch> after = run.batches.subList(run.batchesAtFirstCut, run.batches.size());
        assertThat(after.subList(0, after.size() - 1)).allMatch(b -> b.size() == 7);

        int delivered = rowsOf(run.batches.subList(0, run.batchesAtFirstCut)).size();
        MuxSourceReader<Sample> restoredAsRecords = ReaderDriver.reader(records, run.state);
        List<Sample> rest = ReaderDriver.poll(restoredAsRecords, total + 1);
        restoredAsRecords.close();
        assertThat(rest).containsExactlyElementsOf(reference.subList(delivered, total));
    }

    /**
     * A rescale brings held rows of two readers into one, their indices colliding: each lane still
     * emits its own sequence exactly, nothing lost or doubled. Two readers of two lanes each are
     * cut with a batch half filled, and one reader takes all four lanes. Sixty 8-row shards read in
     * sequence, fifteen to a lane and none shared, so each reader waits for a shard every 8 rows of
     * a lane, mostly with a batch of 30 half filled.
     */
    @Test
    void heldRowsOfTwoReadersMergedByARescaleKeepEachLaneExact(@TempDir Path dir) throws Exception {
        writeSixtyShards(dir);
        MuxSource<SampleBatch> source = sequentialPass(dir).batches(30).build();
        int total = 480;
        List<LaneSplit> plan = lanes(source, 4);
        List<Sample> reference = rowsOf(ReaderDriver.run(source, plan, total));
        assertThat(reference).hasSize(total);

        List<Sample> delivered = new ArrayList<>();
        List<LaneSplit> merged = new ArrayList<>();
        int[] heldByReader = new int[2];
        for (int r = 0; r < 2; r++) {
            List<LaneSplit> mine = plan.subList(2 * r, 2 * r + 2);
            MetricListener listener = new MetricListener();
            MuxSourceReader<SampleBatch> reader =
                    ReaderDriver.reader(source, mine, ReaderDriver.reportingTo(listener));
            TestingReaderOutput<SampleBatch> output = new TestingReaderOutput<>();
            while (true) {
                assertThat(reader.pollNext(output)).isNotEqualTo(InputStatus.END_OF_INPUT);
                List<SampleBatch> batches = output.getEmittedRecords();
                long collected = batches.stream().mapToLong(SampleBatch::size).sum();
                if (Run.rowsRead(listener) > collected) {
                    break; // a batch half filled
                }
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
            delivered.addAll(rowsOf(output.getEmittedRecords()));
            List<LaneSplit> state = reader.snapshotState(1);
            reader.close();
            heldByReader[r] = state.stream().mapToInt(lane -> lane.held().size()).sum();
            merged.addAll(state);
        }
        assertThat(heldByReader[0]).as("rows held by the first reader").isPositive();
        assertThat(heldByReader[1]).as("rows held by the second reader").isPositive();

        MuxSourceReader<SampleBatch> rescaled = ReaderDriver.reader(source, merged);
        delivered.addAll(rowsOf(ReaderDriver.poll(rescaled, total)));
        rescaled.close();
        for (int lane = 0; lane < 4; lane++) {
            int l = lane;
            assertThat(delivered.stream().filter(s -> s.lane() == l).toList())
                    .as("lane %d", lane)
                    .containsExactlyElementsOf(
                            reference.stream().filter(s -> s.lane() == l).toList());
        }
    }

    /**
     * An exhaustive pass where lanes end at different times: a lane that ends while a batch is half
     * filled must still be in the checkpoint, or a restore would lose its last rows. Sixty 8-row
     * shards, so that readers first open shards (and wait) all through the pass.
     */
    @Test
    void laneEndingInsideAHalfFilledBatchIsStillCheckpointed(@TempDir Path dir) throws Exception {
        writeSixtyShards(dir);
        Supplier<MuxSourceBuilder<Sample>> pass = () -> sequentialPass(dir);
        // 7 lanes: lane sizes differ by a few rows, so lanes end at different times.
        List<LaneSplit> plan = lanes(pass.get().build(), 7);
        List<Sample> reference = ReaderDriver.run(pass.get().build(), plan, 10_000);
        assertThat(reference).hasSize(480);

        // Whether a reader waits depends on whether an I/O thread opened the shard before the
        // lane asked twice, so several batch sizes give the case several chances.
        int cutsAfterALaneEnded = 0;
        for (int size : new int[] {100, 64, 40, 25}) {
            Run run = new Run(pass.get().batches(size).build(), plan, size);
            run.lastRowOfLane = lastRowOfEachLane(reference);
            run.toEnd();
            cutsAfterALaneEnded += run.cutsAfterALaneEndedInTheBatch;
            assertThat(rowsOf(run.batches))
                    .as("batches of %d", size)
                    .containsExactlyElementsOf(reference);
            // The batches themselves too, the short last one included.
            assertThat(run.batches)
                    .containsExactlyElementsOf(
                            ReaderDriver.run(pass.get().batches(size).build(), plan, 10_000));
            Set<String> keys = new HashSet<>();
            rowsOf(run.batches).forEach(s -> keys.add(SourceFixtures.key(s)));
            assertThat(keys).hasSize(480);
            rowsOf(run.batches).forEach(SourceFixtures::assertBytesMatchProvenance);
        }
        assertThat(cutsAfterALaneEnded)
                .as("checkpoints taken after a lane ended inside the half-filled batch")
                .isPositive();
    }

    private static List<Integer> lastRowOfEachLane(List<Sample> reference) {
        List<Integer> last = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            int lane = reference.get(i).lane();
            while (last.size() <= lane) {
                last.add(-1);
            }
            last.set(lane, i);
        }
        return last;
    }

    /**
     * Polls readers to the end, cutting (snapshot, close, a new reader from the snapshot) whenever
     * a reader waits for a shard with a batch half filled further into the run than the last cut;
     * with {@link #cutWhileReplaying}, also when a restored reader waits with part of its held rows
     * emitted again (never twice in a row, so the run moves on).
     */
    private static final class Run {
        final MuxSource<SampleBatch> source;
        final int size;
        final List<SampleBatch> batches = new ArrayList<>();
        List<LaneSplit> state;
        int midBatchCuts;
        long lastCut = -1;
        int cutsAfterALaneEndedInTheBatch;
        List<Integer> lastRowOfLane = List.of();
        boolean cutWhileReplaying;
        int replayCuts;

        /**
         * With {@link #cutWithHeld}: one cut, at the first wait holding at least that many rows,
         * restored into this.
         */
        MuxSource<SampleBatch> afterCut;

        int cutWithHeld = -1;
        int batchesAtFirstCut = -1;
        private boolean lastCutWasReplay;

        Run(MuxSource<SampleBatch> source, List<LaneSplit> plan, int size) {
            this.source = source;
            this.size = size;
            this.state = plan;
        }

        void toEnd() throws Exception {
            while (true) {
                MetricListener listener = new MetricListener();
                // Rows the reader has drawn so far, from its per-dataset "records" counters.
                LongSupplier rowsRead = () -> rowsRead(listener);
                boolean restored = batchesAtFirstCut >= 0;
                MuxSourceReader<SampleBatch> reader =
                        ReaderDriver.reader(
                                restored && afterCut != null ? afterCut : source,
                                state,
                                ReaderDriver.reportingTo(listener));
                TestingReaderOutput<SampleBatch> output = new TestingReaderOutput<>();
                int start = batches.size();
                int heldRows = state.stream().mapToInt(lane -> lane.held().size()).sum();
                boolean cut = false;
                while (true) {
                    InputStatus status = reader.pollNext(output);
                    if (status == InputStatus.END_OF_INPUT) {
                        break;
                    }
                    if (status == InputStatus.NOTHING_AVAILABLE) {
                        long collectedRows =
                                output.getEmittedRecords().stream()
                                        .mapToLong(SampleBatch::size)
                                        .sum();
                        boolean halfFilled = rowsRead.getAsLong() > collectedRows;
                        long read = rowsRead.getAsLong();
                        if (cutWithHeld >= 0) {
                            if (!restored && read - collectedRows >= cutWithHeld) {
                                cut = true;
                                break;
                            }
                            reader.isAvailable().get(30, TimeUnit.SECONDS);
                            continue;
                        }
                        if (cutWhileReplaying && !lastCutWasReplay && read > 0 && read < heldRows) {
                            replayCuts++;
                            lastCutWasReplay = true;
                            cut = true;
                            break;
                        }
                        if (halfFilled && pastLastCut(start, collectedRows, rowsRead)) {
                            countCut(start, collectedRows, rowsRead.getAsLong());
                            lastCutWasReplay = false;
                            cut = true;
                            break;
                        }
                        reader.isAvailable().get(30, TimeUnit.SECONDS);
                    }
                }
                batches.addAll(output.getEmittedRecords());
                if (!cut) {
                    reader.close();
                    return;
                }
                state = reader.snapshotState(batches.size());
                reader.close();
                if (batchesAtFirstCut < 0) {
                    batchesAtFirstCut = batches.size();
                }
            }
        }

        /**
         * Whether the reader has gone past the last cut (so the run progresses even though a
         * restored reader waits for the same shards again): the cut point, as rows of the whole
         * run, only grows.
         */
        private boolean pastLastCut(int batchesBefore, long collectedRows, LongSupplier rowsRead) {
            long now = batchesBefore * (long) size + rowsRead.getAsLong();
            if (now <= lastCut) {
                return false;
            }
            lastCut = now;
            return true;
        }

        static long rowsRead(MetricListener listener) {
            long rows = 0;
            for (String name : List.of("alpha", "beta", "gamma", "many")) {
                rows +=
                        listener.getCounter("muxsource", "dataset", name, "records")
                                .map(Counter::getCount)
                                .orElse(0L);
            }
            return rows;
        }

        private void countCut(int batchesBefore, long collectedRows, long rowsRead) {
            midBatchCuts++;
            long batchStart = batchesBefore * (long) size + collectedRows;
            long now = batchesBefore * (long) size + rowsRead;
            for (int last : lastRowOfLane) {
                if (last >= batchStart && last < now) {
                    cutsAfterALaneEndedInTheBatch++;
                    return;
                }
            }
        }
    }
}

package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;
import io.github.muxsource.testing.Numpy;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The prefetcher's copy of a lane stops once every shard of the lane is open, and when one closes
 * after the lane moved on, the reader is asked for a new copy, which opens what the lane needs
 * again. Shards of 96 KB are mapped (not on the heap), so a cap of 8 mapped shards can close them.
 */
class PrefetcherTest {
    private static final int SHARDS = 6;

    @TempDir static Path lane;
    @TempDir static Path others;
    @TempDir static Path spill;

    @BeforeAll
    static void writeShards() throws Exception {
        String script =
                "import sys, numpy as np\n"
                        + "for s in range(int(sys.argv[2]) if len(sys.argv) > 2 else "
                        + SHARDS
                        + "):\n"
                        + "    np.savez(f'{sys.argv[1]}/part-{s:05d}.npz',"
                        + " X=np.full((20, 600), s, dtype='<i8'))\n";
        Numpy.run(script, lane);
        Numpy.run(script, others);
    }

    @Test
    void aCopyStopsWhileAllIsOpenAndIsMadeAnewWhenAShardCloses() throws Exception {
        MuxSource<Sample> source =
                MuxSource.builder()
                        .dataset("a", 1, lane.toString())
                        .stochastic(1, 4.0)
                        .mode(StochasticMode.WITH_REPLACEMENT)
                        .rowOrder(RowOrder.RANDOM)
                        .seed(5)
                        .maxOpenShards(4)
                        .maxMappedShards(8)
                        .lookaheadRecords(256)
                        .build();
        MuxConfig config = source.config();
        LaneSplit split = LanePlanner.plan(config, new ShardDiscovery(config).discover(), 1).get(0);
        try (ShardPool pool =
                        TestShardPools.anyOrder(config.readerLimits(), config.fields(), spill);
                Prefetcher prefetcher = new Prefetcher(pool, 256, 0)) {
            LaneRunner<Sample> runner = ReaderDriver.lane(config, split, pool);
            prefetcher.add(runner, runner.copyOfCursor());

            emit(runner, 2_000);
            assertThat(pool.openFrom(runner.shardIds(), 0)).isEqualTo(SHARDS);
            await(() -> prefetcher.idle(runner), "the copy stops: every shard is open");
            emit(runner, 2_000); // the lane moves past the stopped copy

            // Four more mapped shards take the pool past its cap of 8: it closes shards of the
            // lane that the lane does not pin (it pins the last nActive + 2 it read).
            List<ShardSlice> extra = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                extra.add(
                        new ShardSlice(
                                0,
                                s,
                                others.resolve(String.format("part-%05d.npz", s)).toString(),
                                0,
                                20,
                                1.0));
            }
            for (int id : pool.register(extra)) {
                pool.whenOpen(id).get(30, TimeUnit.SECONDS);
                assertThat(pool.tryPin(id)).isNotNull();
                pool.unpin(id);
            }
            assertThat(pool.evictions()).isPositive();
            int stillOpen = openShards(pool, runner);
            assertThat(stillOpen).isLessThan(SHARDS);

            await(() -> prefetcher.pollStale() == runner, "the reader is asked for a new copy");
            assertThat(prefetcher.idle(runner)).isFalse();
            prefetcher.remove(runner);
            prefetcher.add(runner, runner.copyOfCursor());
            await(
                    () -> openShards(pool, runner) > stillOpen,
                    "the new copy opens closed shards of the lane ahead of it");
            emit(runner, 2_000); // the shards no lane reads any more are the ones closed now
            await(() -> prefetcher.idle(runner), "and stops again once all are open");
        }
    }

    private static int openShards(ShardPool pool, LaneRunner<Sample> runner) {
        int open = 0;
        for (int id : runner.shardIds()) {
            open += pool.openFrom(new int[] {id}, 0);
        }
        return open;
    }

    /** Emits {@code records} rows of the lane, waiting for shards as the reader would. */
    private static void emit(LaneRunner<Sample> runner, int records) throws Exception {
        TestingReaderOutput<Sample> output = new TestingReaderOutput<>();
        while (output.getEmittedRecords().size() < records) {
            if (runner.step(output) == LaneRunner.Step.WAITING) {
                runner.waitingFor().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}

package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.source.ReaderLimits;
import io.github.muxsource.source.split.ShardSlice;
import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reader's shard pool on numpy-written shards: shards named by id (one per path), opened on I/O
 * threads, read back as numpy wrote them, closed under the descriptor cap without touching pinned
 * shards, and prefetched only when not open already.
 */
class ShardPoolTest {
    private static final int SHARDS = 12;

    /** Deflated shards hold a descriptor, so they count against {@code maxOpenShards}. */
    @TempDir static Path deflated;

    /** Stored shards this small are read onto the heap as they open. */
    @TempDir static Path stored;

    @TempDir static Path spill;

    @BeforeAll
    static void writeShards() throws Exception {
        Numpy.writeCountingShards(deflated, SHARDS, true);
        Numpy.run(
                "import sys, numpy as np\n"
                        + "for s in range(4):\n"
                        + "    np.savez(f'{sys.argv[1]}/part-{s:05d}.npz',"
                        + " X=np.arange(1000 * s, 1000 * s + 20, dtype='<i8'),"
                        + " Y=np.arange(20, dtype='<u2') * (s + 1))\n",
                stored);
    }

    private static ShardSlice storedSlice(int shard) {
        String path = stored.resolve(String.format("part-%05d.npz", shard)).toString();
        return new ShardSlice(0, shard, path, 0, 20, 1.0);
    }

    /** Registers the four stored shards, in order; returns their ids. */
    private static int[] registerEveryStoredShard(ShardPool pool) {
        return pool.register(
                List.of(storedSlice(0), storedSlice(1), storedSlice(2), storedSlice(3)));
    }

    private static ShardSlice slice(int shard, long start, long end) {
        String path = deflated.resolve(String.format("part-%05d.npz", shard)).toString();
        return new ShardSlice(0, shard, path, start, end, 1.0);
    }

    private static ShardPool pool(int maxOpen) {
        return pool(new ReaderLimits(maxOpen, maxOpen, 1 << 20, 0), List.of());
    }

    /** A pool reading {@code fields} (empty for all) in any order, within {@code limits}. */
    private static ShardPool pool(ReaderLimits limits, List<String> fields) {
        return TestShardPools.anyOrder(limits, fields, spill);
    }

    /** Pins the shard, waiting for it to open. */
    private static ShardRows pin(ShardPool pool, int id) throws Exception {
        pool.whenOpen(id).get(30, TimeUnit.SECONDS);
        ShardRows rows = pool.tryPin(id);
        assertThat(rows).as("shard %s once open", id).isNotNull();
        return rows;
    }

    /** Opens the shard ahead of need, as for the prefetcher, and waits until it is open. */
    private static void openAhead(ShardPool pool, int id) throws Exception {
        assertThat(pool.prefetch(id)).isTrue();
        pool.whenOpen(id).get(30, TimeUnit.SECONDS);
    }

    private static long x(ShardSlice slice, ShardRows rows, long row) throws IOException {
        byte[] bytes = new byte[Long.BYTES];
        new SliceRows(slice, rows).read(0, row, bytes, 0);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void slicesOfOneShardShareAnIdAcrossLanes() throws Exception {
        try (ShardPool pool = pool(4)) {
            int[] laneA = pool.register(List.of(slice(0, 0, 10), slice(1, 0, 20)));
            int[] laneB = pool.register(List.of(slice(2, 0, 20), slice(0, 10, 20)));
            assertThat(laneB[1]).as("the other half of shard 0").isEqualTo(laneA[0]);
            assertThat(new int[] {laneA[0], laneA[1], laneB[0]}).doesNotHaveDuplicates();
            assertThat(pool.register(List.of(slice(1, 0, 20)))).containsExactly(laneA[1]);

            ShardRows first = pin(pool, laneA[0]);
            ShardRows second = pin(pool, laneB[1]);
            assertThat(second).as("one open shard for both lanes").isSameAs(first);
            assertThat(pool.open()).isEqualTo(1);
            assertThat(x(slice(0, 10, 20), second, 17)).isEqualTo(17);
        }
    }

    /**
     * Opening a shard a lane waits for takes the pool past its cap while the lane pins another: the
     * pool keeps it until the lane has it (it closed it as it opened, and the lane found it gone or
     * read it closed), and closes it once unpinned.
     */
    @Test
    void aShardALaneWaitsForStaysOpenPastTheCapUntilTheLaneHasIt() throws Exception {
        try (ShardPool pool = pool(1)) {
            int[] ids = pool.register(List.of(slice(0, 0, 20), slice(1, 0, 20)));
            ShardRows first = pin(pool, ids[0]);
            ShardRows second = pin(pool, ids[1]);
            assertThat(pool.evictions()).as("closed while pinned or awaited").isZero();
            assertThat(x(slice(1, 0, 20), second, 7)).isEqualTo(1007);
            assertThat(x(slice(0, 0, 20), first, 7)).isEqualTo(7);
            pool.unpin(ids[1]);
            assertThat(pool.evictions()).as("over the cap once unpinned").isEqualTo(1);
            assertThat(pool.open()).isEqualTo(1);
        }
    }

    /**
     * A shard opened ahead that fails to open (here: it has fewer rows than planned) fails the lane
     * that asks for it, and stops counting as opened ahead (with one mapping allowed, the budget
     * for shards opened ahead is one, and the failed shard held it for good) or as open.
     */
    @Test
    void aShardThatFailsToOpenAheadLeavesRoomToPrefetchOthers() throws Exception {
        try (ShardPool pool = pool(1)) {
            int[] ids = pool.register(List.of(slice(0, 0, 21), slice(1, 0, 20)));
            assertThat(pool.prefetch(ids[0])).isTrue();
            assertThatThrownBy(() -> pool.whenOpen(ids[0]).get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(PlannedShard.ChangedException.class);
            assertThatThrownBy(() -> pool.tryPin(ids[0]))
                    .isInstanceOf(PlannedShard.ChangedException.class)
                    .hasMessageContaining("part-00000.npz");
            assertThat(pool.prefetch(ids[1])).as("room to open another ahead").isTrue();
            assertThat(x(slice(1, 0, 20), pin(pool, ids[1]), 3)).isEqualTo(1003);
            assertThat(pool.open()).as("the failed shard is not counted open").isEqualTo(1);
        }
    }

    @Test
    void rowsReadBackAsNumpyWroteThem() throws Exception {
        try (ShardPool pool = pool(SHARDS)) {
            List<ShardSlice> slices = new ArrayList<>();
            for (int s = 0; s < SHARDS; s++) {
                slices.add(slice(s, 0, 20));
            }
            int[] ids = pool.register(slices);
            for (int s = 0; s < SHARDS; s++) {
                ShardRows rows = pin(pool, ids[s]);
                for (int r = 0; r < 20; r++) {
                    assertThat(x(slices.get(s), rows, r)).isEqualTo(1000L * s + r);
                }
            }
            assertThat(rows(pool, ids[3]).layout)
                    .as("shards of one layout share one instance")
                    .isSameAs(rows(pool, ids[7]).layout);
        }
    }

    private static ShardRows rows(ShardPool pool, int id) throws Exception {
        return pin(pool, id);
    }

    /**
     * Opens every shard in turn with a cap of 3 descriptors while two shards stay pinned: at most
     * the cap stay open, the pinned ones are never closed (their rows still read right after the
     * others came and went), and closed ones reopen with the same rows.
     */
    @Test
    void closesUnpinnedShardsUnderTheCapAndNeverPinnedOnes() throws Exception {
        int cap = 3;
        try (ShardPool pool = pool(cap)) {
            List<ShardSlice> slices = new ArrayList<>();
            for (int s = 0; s < SHARDS; s++) {
                slices.add(slice(s, 0, 20));
            }
            int[] ids = pool.register(slices);
            ShardRows kept0 = pin(pool, ids[0]);
            ShardRows kept1 = pin(pool, ids[1]);
            int most = 0;
            for (int round = 0; round < 3; round++) {
                for (int s = 2; s < SHARDS; s++) {
                    ShardRows rows = pin(pool, ids[s]);
                    assertThat(x(slices.get(s), rows, 19)).isEqualTo(1000L * s + 19);
                    pool.unpin(ids[s]);
                    most = Math.max(most, pool.open());
                }
            }
            assertThat(most).isEqualTo(cap);
            assertThat(x(slices.get(0), kept0, 5)).isEqualTo(5);
            assertThat(x(slices.get(1), kept1, 5)).isEqualTo(1005);
            assertThat(pool.tryPin(ids[0])).as("pinned shards stay open").isSameAs(kept0);
        }
    }

    @Test
    void prefetchOpensOnlyWhatIsNotOpenYet() throws Exception {
        try (ShardPool pool = pool(4)) {
            int[] ids = pool.register(List.of(slice(0, 0, 20), slice(1, 0, 20), slice(2, 0, 20)));
            pin(pool, ids[0]);
            assertThat(pool.prefetch(ids[0])).isTrue();
            assertThat(pool.open()).as("a resident shard is not opened again").isEqualTo(1);
            // maxMappedShards 4: at most half of it opened ahead and not used yet.
            assertThat(pool.prefetch(ids[1])).isTrue();
            assertThat(pool.prefetch(ids[2])).isTrue();
            assertThat(pool.open()).isEqualTo(3);
            pool.whenOpen(ids[2]).get(30, TimeUnit.SECONDS);
            assertThat(pool.tryPin(ids[2])).isNotNull();
        }
    }

    @Test
    void freshShardsAreBoundedToHalfThePool() throws Exception {
        try (ShardPool pool = pool(4)) {
            int[] ids =
                    pool.register(
                            List.of(
                                    slice(0, 0, 20),
                                    slice(1, 0, 20),
                                    slice(2, 0, 20),
                                    slice(3, 0, 20)));
            assertThat(pool.prefetch(ids[0])).isTrue();
            assertThat(pool.prefetch(ids[1])).isTrue();
            assertThat(pool.prefetch(ids[2])).as("a third shard ahead of use").isFalse();
            assertThat(pool.open()).isEqualTo(2);
            pin(pool, ids[0]);
            assertThat(pool.prefetch(ids[2])).as("once one was used").isTrue();
        }
    }

    @Test
    void smallStoredShardsAreReadFromTheHeapWithoutAPin() throws Exception {
        try (ShardPool pool = pool(4)) {
            int[] ids = pool.register(List.of(storedSlice(0), storedSlice(3)));
            assertThat(pool.onHeap(ids[1])).as("not open yet").isNull();
            pool.prefetch(ids[1]);
            pool.whenOpen(ids[1]).get(30, TimeUnit.SECONDS);
            ShardRows rows = pool.onHeap(ids[1]);
            assertThat(rows).isNotNull();
            assertThat(rows.onHeap()).isTrue();
            for (int r = 0; r < 20; r++) {
                byte[] x = new byte[8];
                byte[] y = new byte[2];
                rows.read(0, r, x, 0);
                rows.read(1, r, y, 0);
                assertThat(ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN).getLong())
                        .isEqualTo(3000L + r);
                assertThat(ByteBuffer.wrap(y).order(ByteOrder.LITTLE_ENDIAN).getShort())
                        .isEqualTo((short) (4 * r));
            }
            assertThat(pool.onHeap(ids[0])).as("only what was opened").isNull();
        }
    }

    @Test
    void readingAShardFromTheHeapFreesItsPlaceAhead() throws Exception {
        try (ShardPool pool = pool(4)) {
            int[] ids = registerEveryStoredShard(pool);
            assertThat(pool.prefetch(ids[0])).isTrue();
            assertThat(pool.prefetch(ids[1])).isTrue();
            assertThat(pool.prefetch(ids[2])).as("a third shard ahead of use").isFalse();
            pool.whenOpen(ids[0]).get(30, TimeUnit.SECONDS);
            assertThat(pool.onHeap(ids[0])).isNotNull();
            assertThat(pool.prefetch(ids[2])).as("once one was read, though never pinned").isTrue();
        }
    }

    @Test
    void openFromFindsTheFirstShardNotOpen() throws Exception {
        try (ShardPool pool = pool(4)) {
            int[] ids = pool.register(List.of(storedSlice(0), storedSlice(1), storedSlice(2)));
            assertThat(pool.openFrom(ids, 0)).isZero();
            pool.whenOpen(ids[0]).get(30, TimeUnit.SECONDS);
            pool.whenOpen(ids[1]).get(30, TimeUnit.SECONDS);
            assertThat(pool.openFrom(ids, 0)).isEqualTo(2);
            pool.whenOpen(ids[2]).get(30, TimeUnit.SECONDS);
            assertThat(pool.openFrom(ids, 1)).isEqualTo(3);
            assertThat(pool.evictions()).isZero();
        }
    }

    /** A field selection reads the chosen arrays from the heap copy, which holds only those. */
    @Test
    void aFieldSelectionReadsItsFieldsFromTheHeap() throws Exception {
        try (ShardPool pool = pool(new ReaderLimits(4, 4, 1 << 20, 0), List.of("Y"))) {
            int[] ids = pool.register(List.of(storedSlice(2)));
            pool.whenOpen(ids[0]).get(30, TimeUnit.SECONDS);
            ShardRows rows = pool.onHeap(ids[0]);
            assertThat(rows).isNotNull();
            assertThat(rows.layout.size()).isEqualTo(1);
            assertThat(rows.shard.heapBytes()).as("Y only: 20 rows of 2 bytes").isEqualTo(40);
            byte[] y = new byte[2];
            for (int r = 0; r < 20; r++) {
                rows.read(0, r, y, 0);
                assertThat(ByteBuffer.wrap(y).order(ByteOrder.LITTLE_ENDIAN).getShort())
                        .isEqualTo((short) (3 * r));
            }
        }
    }

    /**
     * Small shards past the reader's heap budget: each holds 200 bytes of arrays plus about 2 KiB
     * the pool counts for the objects, so a budget of 5,000 bytes holds two. The clock closes those
     * not read since its hand last passed, never in the sweep that cleared a shard's bit, and a
     * read without a pin ({@link ShardPool#onHeap}) counts as one. The shards are opened ahead (as
     * for the prefetcher, which may keep half the mapping cap unread): one a lane waits for is not
     * closed before the lane has read it.
     *
     * <p>Repeated: an open that completes before the pool attaches its accounting once swept twice
     * in a row and closed a shard read a moment before, in about one run of eight; fifty runs catch
     * that with a probability above 99.8%.
     */
    @RepeatedTest(50)
    void pastTheHeapBudgetTheShardsNotReadSinceTheLastSweepClose() throws Exception {
        try (ShardPool pool = pool(new ReaderLimits(4, 8, 1 << 20, 0, 5_000), List.of())) {
            int[] ids = registerEveryStoredShard(pool);
            for (int s = 0; s < 3; s++) {
                openAhead(pool, ids[s]);
            }
            assertThat(pool.evictions())
                    .as("over budget, but every shard was used since the last sweep: spared once")
                    .isZero();
            assertThat(pool.onHeap(ids[1])).isNotNull(); // read: its bit is set again
            openAhead(pool, ids[3]);

            assertThat(pool.evictions()).isEqualTo(2);
            assertThat(pool.onHeap(ids[0])).as("not read since the last sweep").isNull();
            assertThat(pool.onHeap(ids[2])).as("not read since the last sweep").isNull();
            assertThat(pool.onHeap(ids[1])).as("read since").isNotNull();
            assertThat(pool.onHeap(ids[3])).as("just opened").isNotNull();
            assertThat(pool.open()).isEqualTo(2);
        }
    }

    @Test
    void aHeapBudgetOfZeroMapsEveryStoredShard() throws Exception {
        try (ShardPool pool = pool(new ReaderLimits(4, 4, 1 << 20, 0, 0), List.of())) {
            int[] ids = pool.register(List.of(storedSlice(1)));
            ShardRows rows = pin(pool, ids[0]);
            assertThat(pool.onHeap(ids[0])).isNull();
            assertThat(rows.shard.mappedBytes()).isEqualTo(200);
            assertThat(x(storedSlice(1), rows, 7)).isEqualTo(1007);
        }
    }
}

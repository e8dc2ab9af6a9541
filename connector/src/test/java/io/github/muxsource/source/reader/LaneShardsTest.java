package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.source.ReaderLimits;
import io.github.muxsource.source.split.ShardSlice;
import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lane's reads of shards on the heap, which it keeps between records instead of asking the pool:
 * they still count as use for the pool's clock, the lane keeps a few shards' rows and not every
 * shard's it read, and once the pool has evicted a shard the lane asks again, so it never reads
 * rows the pool let go of (and reopens).
 */
class LaneShardsTest {
    /** One more than a lane of one active stream keeps, and one more again to drop a second. */
    private static final int SHARDS = LaneShards.keptSlices(1) + 2;

    @TempDir static Path stored;

    @TempDir static Path spill;

    @BeforeAll
    static void writeShards() throws Exception {
        // 160 bytes of rows each: read onto the heap as they open.
        Numpy.writeCountingShards(stored, SHARDS, false);
    }

    /**
     * A heap budget of 5,000 bytes holds two of these shards (the pool counts about 2 KiB of
     * objects for each): opening a third and a fourth closes the shards not read since the clock's
     * hand last passed.
     */
    private static ShardPool pool() {
        return pool(5_000);
    }

    private static ShardPool pool(long heapShardBytes) {
        return TestShardPools.anyOrder(
                new ReaderLimits(4, 4, 1 << 20, 0, heapShardBytes), List.of(), spill);
    }

    /** A lane of one active stream. */
    private static LaneShards lane(ShardPool pool) {
        List<ShardSlice> slices = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            String path = stored.resolve(String.format("part-%05d.npz", s)).toString();
            slices.add(new ShardSlice(0, s, path, 0, 20, 1.0));
        }
        return new LaneShards(pool, slices, 1);
    }

    /** Slice {@code slice}'s rows once its shard is open. */
    private static FieldRows openRows(LaneShards lane, int slice) throws Exception {
        lane.whenOpen(slice).get(30, TimeUnit.SECONDS);
        FieldRows rows = lane.rows(slice);
        assertThat(rows).as("slice %s once open", slice).isNotNull();
        return rows;
    }

    private static long x(FieldRows rows, long row) throws Exception {
        byte[] bytes = new byte[Long.BYTES];
        rows.read(0, row, bytes, 0);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void aRowReadFromWhatTheLaneKeptStillCountsAsUse() throws Exception {
        try (ShardPool pool = pool()) {
            LaneShards lane = lane(pool);
            ShardRows first = (ShardRows) openRows(lane, 1);
            assertThat(lane.slice(1).heap).as("kept").isSameAs(first);
            first.recent = false; // as the clock's hand leaves it when it passes

            FieldRows again = lane.rows(1);

            assertThat(again).isSameAs(first);
            assertThat(first.recent).as("the clock's reference bit").isTrue();
            assertThat(x(again, 7)).isEqualTo(1007);
        }
    }

    @Test
    void aLaneKeepsTheRowsOfItsLastFewHeapShardsOnly() throws Exception {
        try (ShardPool pool = pool(1 << 20)) {
            LaneShards lane = lane(pool);
            for (int s = 0; s < SHARDS; s++) {
                openRows(lane, s);
            }
            assertThat(pool.evictions()).as("all fit").isZero();

            assertThat(lane.slice(0).heap).as("kept first, dropped first").isNull();
            assertThat(lane.slice(1).heap).as("kept second, dropped second").isNull();
            for (int s = 2; s < SHARDS; s++) {
                assertThat(lane.slice(s).heap).isSameAs(pool.onHeap(lane.ids()[s]));
            }
            assertThat(x(lane.rows(0), 3)).as("read again through the pool").isEqualTo(3);
            assertThat(lane.slice(2).heap).as("dropped for slice 0").isNull();

            lane.releaseAll();
            for (int s = 0; s < SHARDS; s++) {
                assertThat(lane.slice(s).heap).as("slice %s after the lane let go", s).isNull();
            }
        }
    }

    /** Repeated: the reopen races the lane's look-ups, and what it returns must hold either way. */
    @RepeatedTest(20)
    void afterThePoolClosesAShardTheLaneLooksItUpAgain() throws Exception {
        try (ShardPool pool = pool()) {
            LaneShards lane = lane(pool);
            FieldRows kept = openRows(lane, 0);
            for (int s = 1; s < SHARDS; s++) {
                pool.whenOpen(lane.ids()[s]).get(30, TimeUnit.SECONDS);
                pool.onHeap(lane.ids()[s]); // read: only shard 0 goes unread
            }
            assertThat(pool.onHeap(lane.ids()[0])).as("closed by the pool").isNull();

            // Pinned if the reopen completed between the lane's two look-ups, else null or the
            // heap.
            FieldRows reopened = lane.rows(0);
            if (reopened == null) { // still opening again
                reopened = openRows(lane, 0);
            }

            assertThat(reopened).as("not the rows the pool let go of").isNotSameAs(kept);
            assertThat(x(reopened, 19)).isEqualTo(19);
            assertThat(lane.rows(0))
                    .as("once open again, its rows on the heap")
                    .isSameAs(pool.onHeap(lane.ids()[0]));
        }
    }
}

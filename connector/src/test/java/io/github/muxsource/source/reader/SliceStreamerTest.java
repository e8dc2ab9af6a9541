package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.Cursor;
import io.github.muxsource.mux.MuxSnapshots;
import io.github.muxsource.mux.Rng;
import io.github.muxsource.source.RowOrder;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Shuffled slices in both state versions: every row exactly once per pass, exact continuation after
 * a restore, version 1's Fisher–Yates order kept, and version 2 over slices far too large for a
 * stored permutation.
 */
class SliceStreamerTest {

    @ParameterizedTest
    @ValueSource(ints = {MuxSnapshots.VERSION_1, MuxSnapshots.VERSION_2, MuxSnapshots.VERSION_3})
    void shuffledPassesYieldEveryRowOnceAndRestoreExactly(int version) throws IOException {
        for (int rows = 0; rows <= 300; rows++) {
            long start = 1000L * rows;
            SliceStreamer streamer =
                    new SliceStreamer(3, start, start + rows, RowOrder.SHUFFLED, rows);
            List<Long> pass = drain(streamer.open(7, version), Integer.MAX_VALUE);
            BitSet seen = new BitSet();
            for (long row : pass) {
                assertThat(row).isBetween(start, start + rows - 1);
                seen.set((int) (row - start));
            }
            assertThat(pass).hasSize(rows);
            assertThat(seen.cardinality()).isEqualTo(rows);

            int cut = rows / 3;
            Cursor<RowRef> cursor = streamer.open(7, version);
            assertThat(drain(cursor, cut)).isEqualTo(pass.subList(0, cut));
            Cursor<RowRef> restored = streamer.restore(roundTrip(cursor), version);
            assertThat(restored.version()).isEqualTo(version);
            assertThat(drain(restored, Integer.MAX_VALUE)).isEqualTo(pass.subList(cut, rows));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 57, 1000})
    void versionOneKeepsItsFisherYatesOrder(int rows) {
        // Version 1's definition: Rng.shuffle of the identity, seeded by the activation's first
        // draw.
        long sliceSeed = 99;
        long seed = 5;
        int[] expected = new int[rows];
        for (int i = 0; i < rows; i++) {
            expected[i] = i;
        }
        Rng.seeded(Rng.seeded(Rng.derive(sliceSeed, seed)).nextLong()).shuffle(expected);
        SliceStreamer streamer = new SliceStreamer(0, 0, rows, RowOrder.SHUFFLED, sliceSeed);
        List<Long> pass = drain(streamer.open(seed, MuxSnapshots.VERSION_1), rows);
        for (int i = 0; i < rows; i++) {
            assertThat(pass.get(i)).isEqualTo(expected[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {20_000_000L, 1L << 40})
    void versionTwoShufflesSlicesTooLargeToStoreAPermutation(long rows) throws IOException {
        // 2^40 rows would take a 4 TiB int[] as a stored permutation.
        SliceStreamer streamer = new SliceStreamer(0, 0, rows, RowOrder.SHUFFLED, 1);
        Cursor<RowRef> cursor = streamer.open(2);
        List<Long> first = drain(cursor, 100_000);
        assertThat(first).doesNotHaveDuplicates().allMatch(r -> r >= 0 && r < rows);
        Cursor<RowRef> restored = streamer.restore(roundTrip(cursor));
        assertThat(drain(restored, 1000)).isEqualTo(drain(cursor, 1000));
    }

    private static List<Long> drain(Cursor<RowRef> cursor, int max) {
        List<Long> rows = new ArrayList<>();
        RowRef ref;
        while (rows.size() < max && (ref = cursor.next()) != null) {
            rows.add(ref.row());
        }
        return rows;
    }

    private static DataInputStream roundTrip(Cursor<RowRef> cursor) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        cursor.snapshot(new DataOutputStream(bytes));
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }
}

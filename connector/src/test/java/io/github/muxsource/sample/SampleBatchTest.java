package io.github.muxsource.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

/** A batch's rows read back as the samples they were made of; arrays must fit the row count. */
class SampleBatchTest {
    private static final FieldLayout LAYOUT =
            new FieldLayout(
                    List.of("X", "Y"), List.of("|u1", ">i2"), List.of(new long[] {3}, new long[0]));

    private static SampleBatch twoRows() {
        return new SampleBatch(
                new String[] {"a", "b"},
                LAYOUT,
                2,
                new byte[][] {{1, 2, 3, (byte) 250, 5, 6}, {0, 7, (byte) 0xFF, (byte) 0xFE}},
                new int[] {1, 0},
                new int[] {4, 5},
                new long[] {10, 11},
                new int[] {2, 2},
                new long[] {100, 101});
    }

    @Test
    void rowsComeBackAsTheSamplesTheyWere() {
        SampleBatch batch = twoRows();
        assertThat(batch.sample(0))
                .isEqualTo(
                        new Sample(
                                "b", 1, 4, 10, 2, 100, LAYOUT, new byte[][] {{1, 2, 3}, {0, 7}}));
        assertThat(batch.sample(1))
                .isEqualTo(
                        new Sample(
                                "a",
                                0,
                                5,
                                11,
                                2,
                                101,
                                LAYOUT,
                                new byte[][] {{(byte) 250, 5, 6}, {(byte) 0xFF, (byte) 0xFE}}));
        assertThat(batch.sample(1).getLong("Y", 0)).isEqualTo(-2);
        assertThat(batch.getInts("X")).containsExactly(1, 2, 3, 250, 5, 6);
        assertThat(batch.getInts("Y")).containsExactly(7, -2);
        assertThat(batch.shape("X")).containsExactly(2, 3);
        assertThat(batch.shape("Y")).containsExactly(2);
        assertThat(batch.dataset(0)).isEqualTo("b");
        assertThat(batch.lanePositions()).containsExactly(100, 101);
        assertThatThrownBy(() -> batch.row(2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("row 2 of a batch of 2");
    }

    @Test
    void accessorsHandOutCopies() {
        SampleBatch batch = twoRows();
        batch.bytes(0)[0] = 42;
        batch.rows()[0] = 42;
        batch.datasetNames()[0] = "z";
        assertThat(batch).isEqualTo(twoRows());
    }

    @Test
    void arraysThatDoNotFitTheRowCountAreRefusedNamingTheField() {
        assertThatThrownBy(
                        () ->
                                new SampleBatch(
                                        new String[] {"a"},
                                        LAYOUT,
                                        2,
                                        new byte[][] {{1, 2, 3, 4, 5, 6}, {0, 7, 0}},
                                        new int[2],
                                        new int[2],
                                        new long[2],
                                        new int[2],
                                        new long[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'Y' of a batch of 2 rows needs 4 bytes, got 3");
        assertThatThrownBy(
                        () ->
                                new SampleBatch(
                                        new String[] {"a"},
                                        LAYOUT,
                                        2,
                                        new byte[][] {{1, 2, 3, 4, 5, 6}, {0, 7, 0, 1}},
                                        new int[2],
                                        new int[2],
                                        new long[1],
                                        new int[2],
                                        new long[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows of a batch of 2 rows must hold 2, got 1");
    }
}

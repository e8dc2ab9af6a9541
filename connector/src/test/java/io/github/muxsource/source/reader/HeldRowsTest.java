package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.source.split.HeldRow;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Held rows are emitted again in order, and a checkpoint part way keeps every one, in order. */
class HeldRowsTest {

    @Test
    void restoredRowsComeBackByIndexThenLane() {
        HeldRows held = new HeldRows();
        held.restore(2, List.of(new HeldRow(0, 5, 50, 7), new HeldRow(1, 5, 51, 8)));
        held.restore(1, List.of(new HeldRow(0, 3, 30, 4), new HeldRow(2, 3, 31, 5)));
        List<LaneRow> order = new ArrayList<>();
        for (LaneRow row = held.next(); row != null; row = held.next()) {
            order.add(row);
            held.replayed();
        }
        assertThat(order)
                .containsExactly(
                        new LaneRow(1, 3, 30, 4),
                        new LaneRow(2, 5, 50, 7),
                        new LaneRow(2, 5, 51, 8),
                        new LaneRow(1, 3, 31, 5));
    }

    /**
     * Part way through: the rows already in the new batch come first, then those still to emit,
     * numbered in that order, each lane's rows in its own order.
     */
    @Test
    void aCheckpointPartWayKeepsTheBatchsRowsThenThoseStillToEmit() {
        HeldRows held = new HeldRows();
        held.restore(0, List.of(new HeldRow(0, 1, 10, 3), new HeldRow(2, 1, 11, 4)));
        held.restore(1, List.of(new HeldRow(1, 2, 20, 6), new HeldRow(3, 2, 21, 7)));
        LaneRow first = held.next();
        held.replayed();
        LaneRow second = held.next();
        held.replayed();

        Map<Integer, List<HeldRow>> state = held.atCheckpoint(List.of(first, second));

        assertThat(state.get(0))
                .containsExactly(new HeldRow(0, 1, 10, 3), new HeldRow(2, 1, 11, 4));
        assertThat(state.get(1))
                .containsExactly(new HeldRow(1, 2, 20, 6), new HeldRow(3, 2, 21, 7));
        assertThat(held.next()).as("still to emit").isEqualTo(new LaneRow(0, 1, 11, 4));
    }

    @Test
    void withNothingHeldACheckpointKeepsTheBatchAlone() {
        HeldRows held = new HeldRows();
        assertThat(held.next()).isNull();
        assertThat(held.atCheckpoint(List.of(new LaneRow(4, 0, 9, 2))))
                .isEqualTo(Map.of(4, List.of(new HeldRow(0, 0, 9, 2))));
    }
}

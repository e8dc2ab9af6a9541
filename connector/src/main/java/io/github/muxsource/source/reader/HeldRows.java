package io.github.muxsource.source.reader;

import io.github.muxsource.source.split.HeldRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows drawn into a half-filled batch, which no checkpoint has seen emitted ({@link HeldRow}).
 *
 * <p>A checkpoint takes every lane as it is now, and each lane's share of the held rows: those in
 * the batch, then those a restored reader has still to emit again: nothing per batch, and per
 * checkpoint only the held rows. A restored reader emits every lane's held rows again, in their
 * order, before any lane draws on: the batches are those an uninterrupted run emits, unless a shard
 * changed since the checkpoint ({@link LaneRunner#replay}). After a rescale brought held rows of
 * several readers together, each lane's rows keep their order, and those of different readers
 * interleave by index.
 *
 * <p>Used by the task thread only.
 */
final class HeldRows {
    private static final Comparator<Indexed> ORDER =
            Comparator.comparingInt(Indexed::index).thenComparingInt(i -> i.row().lane());

    private record Indexed(int index, LaneRow row) {}

    /** Rows to emit again, in order. */
    private final List<Indexed> toReplay = new ArrayList<>();

    /** How many of {@link #toReplay} were emitted or dropped. */
    private int replayed;

    /** Whether {@link #toReplay} is in order: restored lanes are sorted in once, when read. */
    private boolean sorted = true;

    /**
     * Takes a restored lane's held rows, to emit again before any lane draws. Lanes are restored
     * before emission starts; should one come while rows are being emitted again, the rest are
     * merged with it.
     */
    void restore(int lane, List<HeldRow> held) {
        if (held.isEmpty()) {
            return;
        }
        toReplay.subList(0, replayed).clear();
        replayed = 0;
        for (HeldRow r : held) {
            toReplay.add(
                    new Indexed(r.index(), new LaneRow(lane, r.slice(), r.row(), r.position())));
        }
        sorted = false;
    }

    private List<Indexed> ordered() {
        if (!sorted) {
            toReplay.sort(ORDER);
            sorted = true;
        }
        return toReplay;
    }

    /** The next row to emit again, or null when none is left. */
    LaneRow next() {
        return replayed < toReplay.size() ? ordered().get(replayed).row() : null;
    }

    /** The row {@link #next} gave was emitted, or dropped ({@link LaneRunner#replay}). */
    void replayed() {
        if (++replayed == toReplay.size()) {
            toReplay.clear();
            replayed = 0;
        }
    }

    /**
     * By lane, the rows held at a checkpoint: {@code inBatch} (the emission's, in order), then
     * those still to emit again, numbered in that order.
     */
    Map<Integer, List<HeldRow>> atCheckpoint(List<LaneRow> inBatch) {
        Map<Integer, List<HeldRow>> byLane = new HashMap<>();
        int index = 0;
        for (LaneRow r : inBatch) {
            add(byLane, index++, r);
        }
        for (int i = replayed; i < toReplay.size(); i++) {
            add(byLane, index++, ordered().get(i).row());
        }
        return byLane;
    }

    private static void add(Map<Integer, List<HeldRow>> byLane, int index, LaneRow r) {
        byLane.computeIfAbsent(r.lane(), l -> new ArrayList<>())
                .add(new HeldRow(index, r.slice(), r.row(), r.position()));
    }
}

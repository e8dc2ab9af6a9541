package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.annotation.Internal;

import java.util.List;

/**
 * The enumerator's checkpoint: the lane count fixed at the first start, and every lane not held by
 * a reader, with its full state (not only its id).
 */
@Internal
public record EnumeratorState(int laneCount, List<LaneSplit> unassigned) {
    public EnumeratorState {
        unassigned = List.copyOf(unassigned);
    }
}

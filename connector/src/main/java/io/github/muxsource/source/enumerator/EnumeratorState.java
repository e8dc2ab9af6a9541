package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.split.LaneSplit;

import org.apache.flink.annotation.Internal;

import java.util.List;

/**
 * The enumerator's checkpoint: the lane count fixed at the first start, every lane not held by a
 * reader, with its full state (not only its id), and what discovery found and dealt when the source
 * is monitored ({@code null} otherwise).
 */
@Internal
public record EnumeratorState(int laneCount, List<LaneSplit> unassigned, DiscoveryState discovery) {
    public EnumeratorState {
        unassigned = List.copyOf(unassigned);
    }

    /** The state of a source that is not monitored. */
    public EnumeratorState(int laneCount, List<LaneSplit> unassigned) {
        this(laneCount, unassigned, null);
    }
}

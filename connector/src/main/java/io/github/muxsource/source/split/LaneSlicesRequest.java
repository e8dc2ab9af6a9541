package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader to enumerator: "I hold this lane with this many slices; send what it lacks." Sent when a
 * reader takes a lane (assigned or restored) and when an event skipped past what the lane holds,
 * because events and checkpoints race.
 *
 * @param lane the lane
 * @param slices the number of slices the reader's copy of the lane holds
 */
@Internal
public record LaneSlicesRequest(int lane, int slices) implements SourceEvent {
    private static final long serialVersionUID = 1L;
}

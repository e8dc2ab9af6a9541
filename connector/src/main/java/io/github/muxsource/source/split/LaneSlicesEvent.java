package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import java.util.List;

/**
 * Enumerator to reader: slices found while the job runs, for a lane, numbered from {@code from} in
 * the lane's slice list. Delivery is idempotent: a reader appends only the slices its lane lacks,
 * and asks again ({@link LaneSlicesRequest}) if the event starts past what the lane holds.
 *
 * @param lane the lane
 * @param from the lane's slice index of the first slice carried
 * @param slices the slices, in the lane's order
 */
@Internal
public record LaneSlicesEvent(int lane, int from, List<ShardSlice> slices) implements SourceEvent {
    private static final long serialVersionUID = 1L;

    public LaneSlicesEvent {
        slices = List.copyOf(slices);
    }

    @Override
    public String toString() {
        return "LaneSlicesEvent[lane="
                + lane
                + ", from="
                + from
                + ", "
                + slices.size()
                + " slices]";
    }
}

package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dataset weights a lane draws with, as its state: what the schedule steps and live changes it
 * has passed made of the configured weights.
 *
 * @param current dataset name → weight in effect for the lane's next draw; empty for a lane that
 *     has none recorded (fresh, or planned before weights could change): the configured weights
 * @param live the live weights the lane last applied, name → weight; empty if none
 * @param planned the dataset weights the lane's slice weights were planned with, name → weight; a
 *     slice draws with its planned weight times {@code current / planned} of its dataset, so an
 *     unchanged weight keeps its exact planned value; empty when {@code current} is
 */
@Internal
public record LaneWeights(
        Map<String, Double> current, Map<String, Double> live, Map<String, Double> planned)
        implements Serializable {
    public static final LaneWeights CONFIGURED = new LaneWeights(Map.of(), Map.of(), Map.of());

    public LaneWeights {
        current = Collections.unmodifiableMap(new LinkedHashMap<>(current));
        live = Collections.unmodifiableMap(new LinkedHashMap<>(live));
        planned = Collections.unmodifiableMap(new LinkedHashMap<>(planned));
    }

    @Override
    public String toString() {
        return current.isEmpty() ? "configured" : current + (live.isEmpty() ? "" : " live " + live);
    }
}

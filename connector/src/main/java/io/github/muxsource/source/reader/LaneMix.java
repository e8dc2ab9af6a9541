package io.github.muxsource.source.reader;

import io.github.muxsource.source.ConfigFingerprint;
import io.github.muxsource.source.DatasetSpec;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.WeightSchedule;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneWeights;
import io.github.muxsource.source.split.ShardSlice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset weights of one lane along its positions: the configured weights, changed by the
 * weight schedule's steps at the lane's share of each step's record count, and by live weights at
 * the positions the lane applied them. A change applies before the mux draws the item at its
 * position, so the weights in the lane's state are those of its next draw, and a restored lane
 * continues the schedule exactly.
 */
final class LaneMix {
    private static final Logger LOG = LoggerFactory.getLogger(LaneMix.class);

    private final List<String> names;
    private final List<ShardSlice> slices;
    private final Map<String, Double> planned;
    private final Map<String, Double> current;
    private Map<String, Double> live;

    /** The schedule's steps still ahead, as lane positions, in order. */
    private final long[] stepAt;

    private final List<Map<String, Double>> stepWeights;
    private int nextStep;

    private LaneMix(
            MuxConfig config,
            LaneSplit split,
            long items,
            Map<String, Double> planned,
            Map<String, Double> current,
            Map<String, Double> live) {
        this.names = config.datasets().stream().map(DatasetSpec::name).toList();
        this.slices = split.slices();
        this.planned = planned;
        this.current = current;
        this.live = live;
        List<Long> at = new ArrayList<>();
        this.stepWeights = new ArrayList<>();
        for (WeightSchedule.Step step : config.weightSchedule().steps()) {
            long position = split.quota().share(step.records());
            if (position >= items) {
                at.add(position);
                stepWeights.add(step.weights());
            }
        }
        this.stepAt = at.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The lane's weights at {@code items} (the mux's item count: its emitted records, plus a
     * pending row), checking first that the configuration may continue the lane's state.
     *
     * @throws IllegalStateException for a setting that may not change at restore
     */
    static LaneMix open(MuxConfig config, LaneSplit split, long items) {
        if (!split.settings().isEmpty()) {
            ConfigFingerprint.checkRestore(split.settings(), config);
        }
        LaneWeights state = split.weights();
        Map<String, Double> configured = configured(config);
        boolean changedAtRestore =
                !split.settings().isEmpty()
                        && split.muxState() != null
                        && ConfigFingerprint.weightsChanged(split.settings(), config);
        if (state.current().isEmpty() || changedAtRestore) {
            Map<String, Double> planned =
                    state.planned().isEmpty() ? configured : new LinkedHashMap<>(state.planned());
            Map<String, Double> current = scheduledBefore(config, split, items);
            if (!changedAtRestore) {
                current.putAll(state.live()); // live weights read when the lane was planned
            } else {
                LOG.info(
                        "Lane {} restored with other weights ({}; schedule {}): continues at"
                                + " position {} with {}",
                        split.lane(),
                        ConfigFingerprint.of(config).get("weights"),
                        config.weightSchedule(),
                        items,
                        current);
            }
            return new LaneMix(
                    config,
                    split,
                    items,
                    planned,
                    current,
                    changedAtRestore ? Map.of() : state.live());
        }
        Map<String, Double> current = configured; // a dataset added at restore: its own weight
        current.putAll(state.current());
        Map<String, Double> planned = new LinkedHashMap<>(configured);
        planned.putAll(state.planned());
        return new LaneMix(config, split, items, planned, current, state.live());
    }

    private static Map<String, Double> configured(MuxConfig config) {
        Map<String, Double> weights = new LinkedHashMap<>();
        config.datasets().forEach(d -> weights.put(d.name(), d.weight()));
        return weights;
    }

    /** The configured weights with every schedule step before lane position {@code items}. */
    private static Map<String, Double> scheduledBefore(
            MuxConfig config, LaneSplit split, long items) {
        Map<String, Double> weights = configured(config);
        for (WeightSchedule.Step step : config.weightSchedule().steps()) {
            if (split.quota().share(step.records()) < items) {
                weights.putAll(step.weights());
            }
        }
        return weights;
    }

    /**
     * Applies the schedule's steps at lane position {@code items}; true if any did (then the mux
     * must draw with {@link #streamWeights()} from its next item).
     */
    boolean stepsDueAt(long items) {
        boolean changed = false;
        while (nextStep < stepAt.length && stepAt[nextStep] <= items) {
            current.putAll(stepWeights.get(nextStep++));
            changed = true;
        }
        return changed;
    }

    /** Takes live weights unless the lane has them already; true if it took them. */
    boolean applyLive(Map<String, Double> weights) {
        if (weights.equals(live)) {
            return false;
        }
        live = new LinkedHashMap<>(weights);
        current.putAll(weights);
        return true;
    }

    /** One weight per slice: its planned weight scaled by its dataset's change since planning. */
    double[] streamWeights() {
        double[] out = new double[slices.size()];
        for (int i = 0; i < out.length; i++) {
            ShardSlice s = slices.get(i);
            String name = names.get(s.dataset());
            double now = current.get(name);
            double then = planned.get(name);
            out[i] = now == then ? s.weight() : s.weight() * (now / then);
        }
        return out;
    }

    /** Current weight of every dataset, in configuration order. */
    double[] datasetWeights() {
        double[] out = new double[names.size()];
        for (int d = 0; d < out.length; d++) {
            out[d] = current.get(names.get(d));
        }
        return out;
    }

    LaneWeights state() {
        return new LaneWeights(current, live, planned);
    }
}

package io.github.muxsource.source;

import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;

import org.apache.flink.annotation.Internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The rules of {@link MuxSourceBuilder#build()} that span several settings, each refusal a whole
 * sentence saying what to change.
 */
@Internal
final class ConfigRules {
    private ConfigRules() {}

    /**
     * Checks {@code c}; {@code stochasticSettings} names the stochastic-only setters called.
     *
     * @throws IllegalStateException for settings that do not fit together
     */
    static void check(MuxConfig c, Set<String> stochasticSettings) {
        if (c.datasets().isEmpty()) {
            throw new IllegalStateException("at least one dataset is required");
        }
        Set<String> names = new LinkedHashSet<>();
        for (DatasetSpec d : c.datasets()) {
            if (!names.add(d.name())) {
                throw new IllegalStateException(
                        "dataset names must be unique, '" + d.name() + "' repeats");
            }
        }
        if (c.kind() != MuxKind.STOCHASTIC && !stochasticSettings.isEmpty()) {
            throw new IllegalStateException(
                    stochasticSettings
                            + " apply only to the stochastic mux, but this source uses "
                            + muxName(c)
                            + "; remove them or choose stochastic(...)");
        }
        if (c.kind() == MuxKind.STOCHASTIC
                && c.rate() == null
                && stochasticSettings.contains("dist")) {
            throw new IllegalStateException(
                    "dist(...) shapes the budget around a rate, but stochastic(nActive) has no"
                            + " rate; use stochastic(nActive, rate) or remove dist(...)");
        }
        checkWeightChanges(c, names);
        boolean randomRows = c.rowOrder() == RowOrder.RANDOM;
        if (c.maxRecords() < 0
                && randomRows
                && c.kind() == MuxKind.STOCHASTIC
                && c.mode() == StochasticMode.EXHAUSTIVE
                && c.rate() == null) {
            throw new IllegalStateException(
                    "mode=EXHAUSTIVE with rowOrder=RANDOM and no rate never ends (random rows are endless);"
                            + " set a rate, maxRecords, or rowOrder SEQUENTIAL or SHUFFLED");
        }
        if (c.maxRecords() < 0
                && randomRows
                && c.kind() == MuxKind.ROUND_ROBIN
                && c.roundRobinMode() == RoundRobinMode.EXHAUSTIVE) {
            throw new IllegalStateException(
                    "roundRobin(EXHAUSTIVE) with rowOrder=RANDOM never ends (random rows are endless);"
                            + " set maxRecords, or rowOrder SEQUENTIAL or SHUFFLED");
        }
        if (c.maxRecords() < 0 && randomRows && c.kind() == MuxKind.CHAIN) {
            throw new IllegalStateException(
                    "a chain over rowOrder=RANDOM streams never leaves the first stream;"
                            + " use rowOrder SEQUENTIAL or SHUFFLED, or maxRecords");
        }
    }

    private static void checkWeightChanges(MuxConfig c, Set<String> names) {
        boolean changes = !c.weightSchedule().isEmpty() || c.weightsFile() != null;
        if (changes && !c.weighted()) {
            throw new IllegalStateException(
                    (c.weightSchedule().isEmpty() ? "weightsFrom(...)" : "weightSchedule(...)")
                            + " changes dataset weights, but "
                            + muxName(c)
                            + " does not draw by weight; use stochastic(...) or shuffled(), or"
                            + " remove it");
        }
        for (WeightSchedule.Step step : c.weightSchedule().steps()) {
            for (String name : step.weights().keySet()) {
                if (!names.contains(name)) {
                    throw new IllegalStateException(
                            "weightSchedule step at records="
                                    + step.records()
                                    + " names dataset '"
                                    + name
                                    + "', which is not configured (datasets: "
                                    + String.join(", ", names)
                                    + ")");
                }
            }
        }
    }

    private static String muxName(MuxConfig c) {
        return switch (c.kind()) {
            case STOCHASTIC -> "stochastic(...)";
            case SHUFFLED -> "shuffled()";
            case ROUND_ROBIN -> "roundRobin(" + c.roundRobinMode() + ")";
            case CHAIN -> "chain(" + c.chainMode() + ")";
        };
    }
}

package io.github.muxsource.source;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Piecewise-constant dataset weights: from each step's record count on, the datasets it names take
 * its weights; a dataset a step does not name keeps the weight it had. Immutable; {@link #at}
 * returns a new schedule.
 *
 * <pre>{@code
 * WeightSchedule curriculum = WeightSchedule.none()
 *     .at(1_000_000, Map.of("hard", 2.0))
 *     .at(5_000_000, Map.of("hard", 4.0, "easy", 0.5));
 * MuxSource.builder()...weightSchedule(curriculum)
 * }</pre>
 *
 * <p>Record counts are for the source as a whole and split over the lanes as {@code maxRecords} is,
 * so each lane changes at its own lane position (see {@code docs/mixing.md}, "Weight schedules").
 * Every lane changes at a fixed position, so a run replays exactly, also after a restore
 * mid-schedule.
 */
@PublicEvolving
public final class WeightSchedule implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final WeightSchedule NONE = new WeightSchedule(new TreeMap<>());

    /** Steps by record count; each a dataset name → weight map in insertion order. */
    private final TreeMap<Long, Map<String, Double>> steps;

    private WeightSchedule(TreeMap<Long, Map<String, Double>> steps) {
        this.steps = steps;
    }

    /** The schedule without steps: the datasets' own weights throughout. */
    public static WeightSchedule none() {
        return NONE;
    }

    /**
     * This schedule plus a step: from record {@code records} of the source on, the datasets in
     * {@code weights} take those weights.
     *
     * @param records the source's record count at which the step applies, >= 0 (0 = from the start)
     * @param weights dataset name → weight, finite and > 0; at least one
     * @throws IllegalArgumentException for a bad count or weight, or a second step at {@code
     *     records}
     */
    public WeightSchedule at(long records, Map<String, Double> weights) {
        if (records < 0) {
            throw new IllegalArgumentException(
                    "weightSchedule step records must be >= 0, got " + records);
        }
        if (steps.containsKey(records)) {
            throw new IllegalArgumentException(
                    "weightSchedule has two steps at records=" + records + "; merge them into one");
        }
        Map<String, Double> checked = checkWeights("weightSchedule step at " + records, weights);
        TreeMap<Long, Map<String, Double>> more = new TreeMap<>(steps);
        more.put(records, checked);
        return new WeightSchedule(more);
    }

    /**
     * Checks a dataset name → weight map (a schedule step, or live weights) and returns an
     * unmodifiable copy in name order, so that equal weights always read and print the same.
     *
     * @param what names the source of the weights in messages, e.g. "weightSchedule step at 1000"
     */
    public static Map<String, Double> checkWeights(String what, Map<String, Double> weights) {
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException(what + " must name at least one dataset");
        }
        Map<String, Double> copy = new TreeMap<>();
        weights.forEach(
                (name, w) -> {
                    if (name == null || name.isBlank()) {
                        throw new IllegalArgumentException(
                                what + " names a blank dataset, got '" + name + "'");
                    }
                    if (w == null || !(w > 0) || Double.isInfinite(w)) {
                        throw new IllegalArgumentException(
                                what
                                        + ": weight of dataset '"
                                        + name
                                        + "' must be finite and > 0, got "
                                        + w);
                    }
                    copy.put(name, w);
                });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Parses one step as the command line writes it, {@code RECORDS:NAME=W,NAME=W}, and adds it.
     */
    public WeightSchedule parseStep(String step) {
        int colon = step.indexOf(':');
        if (colon <= 0 || colon == step.length() - 1) {
            throw new IllegalArgumentException(
                    "a weight schedule step must be RECORDS:NAME=W[,NAME=W...], got '"
                            + step
                            + "'");
        }
        long records;
        try {
            records = Long.parseLong(step.substring(0, colon).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "a weight schedule step must start with a record count, got '" + step + "'");
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String pair : step.substring(colon + 1).split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "a weight schedule step must be RECORDS:NAME=W[,NAME=W...], got '"
                                + step
                                + "'");
            }
            try {
                weights.put(
                        pair.substring(0, eq).trim(),
                        Double.parseDouble(pair.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "weight of '"
                                + pair.substring(0, eq)
                                + "' in '"
                                + step
                                + "' is not a number");
            }
        }
        return at(records, weights);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The steps in record order. */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>(steps.size());
        steps.forEach((records, weights) -> out.add(new Step(records, weights)));
        return out;
    }

    /**
     * One step of a schedule.
     *
     * @param records the source's record count from which it applies
     * @param weights the datasets it names and their new weights
     */
    @PublicEvolving
    public record Step(long records, Map<String, Double> weights) implements Serializable {}

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSchedule && ((WeightSchedule) o).steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    /** The command-line form, steps separated by "; " (e.g. {@code 1000:a=1.0,b=3.0}). */
    @Override
    public String toString() {
        if (steps.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        steps.forEach(
                (records, weights) -> {
                    List<String> pairs = new ArrayList<>();
                    weights.forEach((name, w) -> pairs.add(name + "=" + w));
                    parts.add(records + ":" + String.join(",", pairs));
                });
        return String.join("; ", parts);
    }
}

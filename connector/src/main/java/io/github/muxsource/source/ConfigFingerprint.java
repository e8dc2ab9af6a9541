package io.github.muxsource.source;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a lane's state was made with, kept in the state (setting name → value as text), so
 * that a job restored with other settings either continues from the restored positions or is
 * refused naming the setting and both values. The deliberate list is in {@code docs/state.md}:
 * weights, the weight schedule and {@code maxRecords} may change, and datasets may be added at the
 * end of a monitored source's list; everything that would silently change how a lane continues may
 * not.
 */
@Internal
public final class ConfigFingerprint {
    /** Settings that may change at restore: they take effect from the restored positions. */
    static final List<String> MAY_CHANGE = List.of("weights", "weightSchedule", "maxRecords");

    private ConfigFingerprint() {}

    /** The settings of {@code c} that a lane's continuation depends on. */
    public static Map<String, String> of(MuxConfig c) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("seed", Long.toString(c.seed()));
        s.put(
                "mux",
                switch (c.kind()) {
                    case STOCHASTIC -> "stochastic";
                    case SHUFFLED -> "shuffled";
                    case ROUND_ROBIN -> "roundRobin(" + c.roundRobinMode() + ")";
                    case CHAIN -> "chain(" + c.chainMode() + ")";
                });
        if (c.kind() == MuxKind.STOCHASTIC) {
            s.put("nActive", Integer.toString(c.nActive()));
            s.put("rate", c.rate() == null ? "none" : Double.toString(c.rate()));
            s.put("mode", c.mode().name());
            s.put("activation", c.activation().name());
            s.put("dist", c.dist().name());
            s.put("pruneEmptyStreams", Boolean.toString(c.pruneEmptyStreams()));
        }
        s.put("rowOrder", c.rowOrder().name());
        List<String> names = new ArrayList<>();
        List<String> weights = new ArrayList<>();
        for (DatasetSpec d : c.datasets()) {
            names.add(d.name());
            weights.add(d.name() + "=" + d.weight());
        }
        s.put("datasets", String.join(",", names));
        s.put("weights", String.join(",", weights));
        s.put("weightSchedule", c.weightSchedule().toString());
        s.put("maxRecords", c.maxRecords() < 0 ? "none" : Long.toString(c.maxRecords()));
        return s;
    }

    /**
     * Checks that a lane made with {@code old} may continue under {@code now}.
     *
     * @throws IllegalStateException naming the first setting that may not change, with both values
     */
    public static void checkRestore(Map<String, String> old, MuxConfig now) {
        Map<String, String> current = of(now);
        for (Map.Entry<String, String> e : old.entrySet()) {
            String key = e.getKey();
            String was = e.getValue();
            String is = current.getOrDefault(key, "(not set)");
            if (MAY_CHANGE.contains(key) || was.equals(is)) {
                continue;
            }
            if (key.equals("datasets") && addsDatasets(was, is)) {
                if (now.monitored()) {
                    continue; // discovery deals the added datasets' shards to the lanes
                }
                throw new IllegalStateException(
                        "The job was restored with datasets="
                                + is
                                + ", but its state was made with datasets="
                                + was
                                + ": the lanes were planned once, so the added datasets' shards"
                                + " would never be read. Datasets can be added at a restore of a"
                                + " source with monitorContinuously(...) (its discovery deals"
                                + " their shards to the lanes); otherwise start the job afresh.");
            }
            throw new IllegalStateException(
                    "The job was restored with "
                            + key
                            + "="
                            + is
                            + ", but its state was made with "
                            + key
                            + "="
                            + was
                            + ": a restored job cannot change "
                            + key
                            + " (it would silently change how every lane continues)."
                            + " Restore with "
                            + key
                            + "="
                            + was
                            + ", or start the job afresh. What may change at restore:"
                            + " docs/state.md");
        }
    }

    /** Whether {@code now} lists the datasets of {@code was}, in order, and more after them. */
    private static boolean addsDatasets(String was, String now) {
        List<String> before = Arrays.asList(was.split(","));
        List<String> after = Arrays.asList(now.split(","));
        return after.size() > before.size() && after.subList(0, before.size()).equals(before);
    }

    /** Whether the weight settings (dataset weights, schedule) differ between the two. */
    public static boolean weightsChanged(Map<String, String> old, MuxConfig now) {
        Map<String, String> current = of(now);
        return !current.get("weights").equals(old.get("weights"))
                || !current.get("weightSchedule").equals(old.get("weightSchedule"));
    }
}

package io.github.muxsource.examples;

import io.github.muxsource.mux.Activation;
import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.WeightSchedule;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dataset, mux and {@link ReadingFlags reading} flags shared by {@code mix} and {@code bench},
 * turned into a MuxSource.
 */
final class MuxFlags {
    static final Set<String> FLAGS = withReading(mixing());

    /** The flags without a value: {@link ReadingFlags#SWITCHES}. */
    static final Set<String> SWITCHES = ReadingFlags.SWITCHES;

    private static Set<String> mixing() {
        return Set.of(
                "dataset",
                "weight",
                "mux",
                "n-active",
                "rate",
                "dist",
                "mode",
                "activation",
                "row-order",
                "seed",
                "max-records",
                "parallelism",
                "lanes",
                "fields",
                "conf",
                "discover-interval",
                "weight-schedule",
                "weights-file");
    }

    private static Set<String> withReading(Set<String> flags) {
        Set<String> all = new HashSet<>(flags);
        all.addAll(ReadingFlags.FLAGS);
        return Set.copyOf(all);
    }

    final Map<String, List<String>> datasets = new LinkedHashMap<>();
    final int parallelism;
    private final Args args;
    private final Configuration configuration;

    MuxFlags(Args args) {
        this.args = args;
        for (String d : args.all("dataset")) {
            int eq = d.indexOf('=');
            if (eq <= 0 || eq == d.length() - 1) {
                throw new Args.UsageException(
                        "--dataset must be NAME=PATH[,PATH...], got '" + d + "'");
            }
            String name = d.substring(0, eq);
            if (datasets.put(name, List.of(d.substring(eq + 1).split(","))) != null) {
                throw new Args.UsageException("--dataset " + name + " given twice");
            }
        }
        if (datasets.isEmpty()) {
            throw new Args.UsageException("at least one --dataset NAME=PATH is required");
        }
        this.configuration = parseConf(args);
        this.parallelism = args.getInt("parallelism", 1);
        if (parallelism < 1) {
            throw new Args.UsageException("--parallelism must be >= 1, got " + parallelism);
        }
    }

    /**
     * The {@code --conf KEY=VALUE} pairs as a Flink configuration, for the embedded cluster and the
     * file systems.
     */
    Configuration configuration() {
        return configuration;
    }

    private static Configuration parseConf(Args args) {
        Configuration conf = new Configuration();
        for (String kv : args.all("conf")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("--conf must be KEY=VALUE, got '" + kv + "'");
            }
            conf.setString(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return conf;
    }

    /**
     * Initializes Flink's file systems with {@link #configuration()}, so that {@code s3.*} keys
     * reach the S3 file system here (discovery, checks) and in the embedded cluster, which shares
     * this JVM. Call before touching any shard.
     */
    void initializeFileSystems() {
        FileSystem.initialize(configuration, null);
    }

    /**
     * A stream environment with the {@code --conf} configuration and {@code --parallelism}; with
     * {@code --weights-file}, checkpoints every second unless {@code --conf} sets an interval (live
     * weights take effect at checkpoints).
     */
    StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(parallelism);
        if (args.has("weights-file")
                && !configuration.contains(CheckpointingOptions.CHECKPOINTING_INTERVAL)) {
            env.enableCheckpointing(1000);
        }
        return env;
    }

    List<String> names() {
        return new ArrayList<>(datasets.keySet());
    }

    /** The source the flags describe; a value the builder refuses is a bad command line. */
    MuxSource<Sample> source() {
        try {
            return builder().build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    /** The source the flags describe, emitting batches of {@code size} rows. */
    MuxSource<SampleBatch> batchSource(int size) {
        try {
            return builder().batches(size).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Args.UsageException(e.getMessage());
        }
    }

    private MuxSourceBuilder<Sample> builder() {
        Map<String, Double> weights = weights();
        MuxSourceBuilder<Sample> b = MuxSource.builder();
        datasets.forEach(
                (name, paths) ->
                        b.dataset(
                                name,
                                weights.getOrDefault(name, 1.0),
                                paths.toArray(new String[0])));
        String mux = args.get("mux", "stochastic");
        String mode = args.get("mode", null);
        switch (mux) {
            case "stochastic" -> {
                String rate = args.get("rate", "none");
                int nActive = args.getInt("n-active", datasets.size());
                if (rate.equals("none")) {
                    b.stochastic(nActive);
                } else {
                    b.stochastic(nActive, parseDouble("rate", rate));
                }
                if (mode != null) {
                    b.mode(parseEnum(StochasticMode.class, "mode", mode));
                }
                if (args.has("dist")) {
                    b.dist(parseEnum(BudgetDistribution.class, "dist", args.get("dist", null)));
                }
                b.activation(
                        parseEnum(
                                Activation.class,
                                "activation",
                                args.get("activation", "weighted")));
            }
            case "shuffled" -> b.shuffled();
            case "round-robin" ->
                    b.roundRobin(
                            parseEnum(RoundRobinMode.class, "mode", mode == null ? "cycle" : mode));
            case "chain" ->
                    b.chain(parseEnum(ChainMode.class, "mode", mode == null ? "cycle" : mode));
            default ->
                    throw new Args.UsageException(
                            "--mux must be stochastic, shuffled, round-robin or chain, got '"
                                    + mux
                                    + "'");
        }
        b.rowOrder(parseEnum(RowOrder.class, "row-order", args.get("row-order", "random")));
        b.seed(args.getLong("seed", 0));
        if (args.has("max-records")) {
            b.maxRecords(args.getLong("max-records", 0));
        }
        if (args.has("lanes")) {
            b.lanes(args.getInt("lanes", 1));
        }
        addWeightChanges(b);
        // The commands discover and validate the shards themselves, once, with their own messages.
        b.checkShardsOnClient(false);
        if (args.has("fields")) {
            try {
                b.fields(args.get("fields", "").split(","));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--fields: " + e.getMessage());
            }
        }
        ReadingFlags.apply(args, b);
        if (args.has("discover-interval")) {
            // List the datasets again every N seconds and mix in the new shards.
            double seconds = parseDouble("discover-interval", args.get("discover-interval", ""));
            if (!(seconds > 0) || seconds > Long.MAX_VALUE / 1000.0) {
                throw new Args.UsageException(
                        "--discover-interval must be a positive number of seconds, got '"
                                + args.get("discover-interval", "")
                                + "'");
            }
            b.monitorContinuously(Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))));
        }
        return b;
    }

    /**
     * {@code --weight-schedule RECORDS:NAME=W,...} (repeatable) and {@code --weights-file FILE}.
     */
    private void addWeightChanges(MuxSourceBuilder<Sample> b) {
        WeightSchedule schedule = WeightSchedule.none();
        for (String step : args.all("weight-schedule")) {
            try {
                schedule = schedule.parseStep(step);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--weight-schedule: " + e.getMessage());
            }
        }
        if (!schedule.isEmpty()) {
            b.weightSchedule(schedule);
        }
        if (args.has("weights-file")) {
            b.weightsFrom(args.get("weights-file", null));
        }
    }

    private Map<String, Double> weights() {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String w : args.all("weight")) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("--weight must be NAME=W, got '" + w + "'");
            }
            String name = w.substring(0, eq);
            if (!datasets.containsKey(name)) {
                throw new Args.UsageException("--weight names unknown dataset '" + name + "'");
            }
            weights.put(name, parseDouble("weight", w.substring(eq + 1)));
        }
        return weights;
    }

    static double parseDouble(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--" + flag + " must be a number, got '" + value + "'");
        }
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String flag, String value) {
        String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(constant)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new Args.UsageException(
                "--"
                        + flag
                        + " must be one of "
                        + String.join("|", allowed)
                        + ", got '"
                        + value
                        + "'");
    }
}

package io.github.muxsource.table;

import io.github.muxsource.mux.Activation;
import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.WeightSchedule;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code WITH} options of a {@code 'connector' = 'muxsource'} table. They mirror the {@code
 * mix} command's flags by name; datasets are the prefixed keys {@code dataset.<name>.path} and
 * {@code dataset.<name>.weight} (see {@link DatasetOptions}). Documented in docs/sql.md.
 */
@PublicEvolving
public final class MuxTableOptions {
    private MuxTableOptions() {}

    public static final ConfigOption<String> MUX =
            ConfigOptions.key("mux")
                    .stringType()
                    .defaultValue("stochastic")
                    .withDescription("stochastic, shuffled, round-robin or chain.");

    public static final ConfigOption<Integer> N_ACTIVE =
            ConfigOptions.key("n-active")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Slots of the stochastic mux; default the number of datasets.");

    public static final ConfigOption<String> RATE =
            ConfigOptions.key("rate")
                    .stringType()
                    .defaultValue("none")
                    .withDescription("Mean records per activation (>= 1), or none.");

    public static final ConfigOption<String> DIST =
            ConfigOptions.key("dist")
                    .stringType()
                    .defaultValue("binomial")
                    .withDescription("binomial, poisson or constant.");

    public static final ConfigOption<String> MODE =
            ConfigOptions.key("mode")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "stochastic: with_replacement|single_active|exhaustive; round-robin:"
                                    + " exhaustive|cycle|permuted_cycle; chain: exhaustive|cycle.");

    public static final ConfigOption<String> ACTIVATION =
            ConfigOptions.key("activation")
                    .stringType()
                    .defaultValue("weighted")
                    .withDescription("weighted or uniform.");

    public static final ConfigOption<String> ROW_ORDER =
            ConfigOptions.key("row-order")
                    .stringType()
                    .defaultValue("random")
                    .withDescription("random, sequential or shuffled.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed").longType().defaultValue(0L).withDescription("The seed.");

    public static final ConfigOption<Long> MAX_RECORDS =
            ConfigOptions.key("max-records")
                    .longType()
                    .noDefaultValue()
                    .withDescription("Total records over all lanes; makes the table bounded.");

    public static final ConfigOption<Integer> LANES =
            ConfigOptions.key("lanes")
                    .intType()
                    .noDefaultValue()
                    .withDescription("The fixed number of lanes; default the source parallelism.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription("The source's parallelism; default the job's.");

    public static final ConfigOption<Duration> DISCOVER_INTERVAL =
            ConfigOptions.key("discover-interval")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "List the datasets again at this interval and add new shards"
                                    + " (monitorContinuously); the table becomes unbounded.");

    public static final ConfigOption<String> WEIGHT_SCHEDULE =
            ConfigOptions.key("weight-schedule")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Weights from record counts on: steps RECORDS:NAME=W[,NAME=W...]"
                                    + " separated by ';', as --weight-schedule.");

    public static final ConfigOption<String> WEIGHTS_FILE =
            ConfigOptions.key("weights-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A JSON file of dataset weights polled for live changes (weightsFrom).");

    /** Every option besides the {@code dataset.} keys, with the {@link ReadingOptions}. */
    static Set<ConfigOption<?>> all() {
        Set<ConfigOption<?>> all = new HashSet<>(ReadingOptions.all());
        all.addAll(mixing());
        return all;
    }

    private static Set<ConfigOption<?>> mixing() {
        return Set.of(
                MUX,
                N_ACTIVE,
                RATE,
                DIST,
                MODE,
                ACTIVATION,
                ROW_ORDER,
                SEED,
                MAX_RECORDS,
                LANES,
                PARALLELISM,
                DISCOVER_INTERVAL,
                WEIGHT_SCHEDULE,
                WEIGHTS_FILE);
    }

    /**
     * Applies every option to {@code builder} (the {@link ReadingOptions} too), refusing bad values
     * by option name.
     */
    static void configure(MuxSourceBuilder<?> builder, ReadableConfig options, int datasets) {
        String mode = options.getOptional(MODE).orElse(null);
        String mux = options.get(MUX);
        switch (mux) {
            case "stochastic" -> {
                String rate = options.get(RATE);
                int nActive = options.getOptional(N_ACTIVE).orElse(datasets);
                if (rate.equals("none")) {
                    builder.stochastic(nActive);
                } else {
                    builder.stochastic(nActive, number(RATE, rate));
                    // A budget distribution means something only with a rate.
                    builder.dist(parse(BudgetDistribution.class, DIST, options.get(DIST)));
                }
                if (mode != null) {
                    builder.mode(parse(StochasticMode.class, MODE, mode));
                }
                builder.activation(parse(Activation.class, ACTIVATION, options.get(ACTIVATION)));
            }
            case "shuffled" -> builder.shuffled();
            case "round-robin" ->
                    builder.roundRobin(
                            parse(RoundRobinMode.class, MODE, mode == null ? "cycle" : mode));
            case "chain" ->
                    builder.chain(parse(ChainMode.class, MODE, mode == null ? "cycle" : mode));
            default ->
                    throw new ValidationException(
                            "option 'mux' must be stochastic, shuffled, round-robin or chain, got '"
                                    + mux
                                    + "'");
        }
        builder.rowOrder(parse(RowOrder.class, ROW_ORDER, options.get(ROW_ORDER)));
        builder.seed(options.get(SEED));
        options.getOptional(MAX_RECORDS).ifPresent(builder::maxRecords);
        options.getOptional(LANES).ifPresent(builder::lanes);
        options.getOptional(DISCOVER_INTERVAL).ifPresent(builder::monitorContinuously);
        options.getOptional(WEIGHT_SCHEDULE).ifPresent(v -> builder.weightSchedule(schedule(v)));
        options.getOptional(WEIGHTS_FILE).ifPresent(builder::weightsFrom);
        ReadingOptions.configure(builder, options);
    }

    /** The {@code weight-schedule} option: the command line's steps, separated by ';'. */
    private static WeightSchedule schedule(String value) {
        WeightSchedule schedule = WeightSchedule.none();
        for (String step : value.split(";")) {
            try {
                schedule = schedule.parseStep(step.trim());
            } catch (IllegalArgumentException e) {
                throw new ValidationException(
                        "option '" + WEIGHT_SCHEDULE.key() + "': " + e.getMessage(), e);
            }
        }
        return schedule;
    }

    private static double number(ConfigOption<String> option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ValidationException(
                    "option '" + option.key() + "' must be a number or none, got '" + value + "'");
        }
    }

    private static <E extends Enum<E>> E parse(
            Class<E> type, ConfigOption<String> option, String value) {
        String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(constant)) {
                return e;
            }
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new ValidationException(
                "option '"
                        + option.key()
                        + "' must be one of "
                        + String.join("|", allowed)
                        + ", got '"
                        + value
                        + "'");
    }
}

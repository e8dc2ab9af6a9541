package io.github.muxsource.source;

import io.github.muxsource.mux.Activation;
import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.mux.StochasticMux;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.sample.SampleBatchTypeInfo;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link MuxSource}. Each setter checks its value at once; {@link #build()} checks the
 * rules that span several settings. Defaults: a stochastic mux with nActive = number of datasets
 * and no rate, {@link StochasticMode#SINGLE_ACTIVE}, {@link BudgetDistribution#BINOMIAL}, {@link
 * Activation#WEIGHTED}, {@link RowOrder#RANDOM}, seed 0, unbounded, lanes = source parallelism.
 *
 * @param <T> the record type
 */
@PublicEvolving
public final class MuxSourceBuilder<T> {
    private SampleMapper<T> mapper;
    private TypeInformation<T> type;
    private int batchSize;
    private final List<DatasetSpec> datasets = new ArrayList<>();
    private MuxKind kind = MuxKind.STOCHASTIC;
    private int nActive;
    private Double rate;
    private StochasticMode mode = StochasticMode.SINGLE_ACTIVE;
    private BudgetDistribution dist = BudgetDistribution.BINOMIAL;
    private Activation activation = Activation.WEIGHTED;
    private boolean pruneEmptyStreams = true;
    private RoundRobinMode roundRobinMode = RoundRobinMode.CYCLE;
    private ChainMode chainMode = ChainMode.CYCLE;
    private RowOrder rowOrder = RowOrder.RANDOM;
    private long seed;
    private long maxRecords = -1;
    private int lanes;
    private String spillDirectory;
    private long maxSpillBytes = SpillSpace.DEFAULT_MAX_BYTES;
    private boolean skipBadShards;
    private final ReaderLimitsBuilder readerLimits = new ReaderLimitsBuilder();
    private boolean checkShardsOnClient = true;
    private boolean sameLayoutAcrossDatasets;

    /** Stochastic-only settings made explicitly, by setter name, to refuse them for other muxes. */
    private final Set<String> stochasticSettings = new LinkedHashSet<>();

    private List<String> fields = List.of();
    private Duration monitorInterval;
    private WeightSchedule weightSchedule = WeightSchedule.none();
    private String weightsFile;
    private Duration weightsPollInterval = MuxConfig.DEFAULT_WEIGHTS_POLL;

    MuxSourceBuilder(SampleMapper<T> mapper, TypeInformation<T> type) {
        this.mapper = require(mapper, "mapper");
        this.type = require(type, "type information");
    }

    /**
     * Adds a dataset.
     *
     * @param name a unique name
     * @param weight relative weight, > 0
     * @param paths files, directories of {@code .npz} files, or globs; any Flink file system URI
     */
    public MuxSourceBuilder<T> dataset(String name, double weight, String... paths) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "dataset name must not be blank, got '" + name + "'");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "weight of dataset '" + name + "' must be finite and > 0, got " + weight);
        }
        if (paths == null || paths.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "' needs at least one path");
        }
        datasets.add(new DatasetSpec(name, weight, Arrays.asList(paths)));
        return this;
    }

    /**
     * A stochastic mux with {@code nActive} slots per lane, each activation drawing a budget of
     * {@code rate} items on average (see {@link #dist}).
     *
     * @param nActive slots per lane, >= 1
     * @param rate mean items per activation, finite and >= 1
     */
    public MuxSourceBuilder<T> stochastic(int nActive, double rate) {
        this.nActive = StochasticMux.checkNActive(nActive);
        this.rate = StochasticMux.checkRate(rate);
        this.kind = MuxKind.STOCHASTIC;
        return this;
    }

    /**
     * A stochastic mux with {@code nActive} slots per lane and no rate: an activated stream stays
     * in its slot until it ends.
     *
     * @param nActive slots per lane, >= 1
     */
    public MuxSourceBuilder<T> stochastic(int nActive) {
        this.nActive = StochasticMux.checkNActive(nActive);
        this.rate = null;
        this.kind = MuxKind.STOCHASTIC;
        return this;
    }

    /** A shuffled mux: every stream active, each record from a stream chosen by weight. */
    public MuxSourceBuilder<T> shuffled() {
        this.kind = MuxKind.SHUFFLED;
        return this;
    }

    /**
     * A round-robin mux: streams in strict rotation.
     *
     * @param mode {@link RoundRobinMode#EXHAUSTIVE} (each stream once), {@link
     *     RoundRobinMode#CYCLE} or {@link RoundRobinMode#PERMUTED_CYCLE}
     */
    public MuxSourceBuilder<T> roundRobin(RoundRobinMode mode) {
        this.kind = MuxKind.ROUND_ROBIN;
        this.roundRobinMode = require(mode, "roundRobin mode");
        return this;
    }

    /**
     * A chain mux: one stream after another.
     *
     * @param mode {@link ChainMode#EXHAUSTIVE} (once) or {@link ChainMode#CYCLE} (repeated)
     */
    public MuxSourceBuilder<T> chain(ChainMode mode) {
        this.kind = MuxKind.CHAIN;
        this.chainMode = require(mode, "chain mode");
        return this;
    }

    /**
     * Which streams may fill a free slot of the stochastic mux; default {@link
     * StochasticMode#SINGLE_ACTIVE}. Refused by {@link #build()} for other muxes.
     */
    public MuxSourceBuilder<T> mode(StochasticMode mode) {
        this.mode = require(mode, "mode");
        stochasticSettings.add("mode");
        return this;
    }

    /**
     * How the stochastic mux draws a budget around its rate; default {@link
     * BudgetDistribution#BINOMIAL}. Refused by {@link #build()} for other muxes.
     */
    public MuxSourceBuilder<T> dist(BudgetDistribution dist) {
        this.dist = require(dist, "dist");
        stochasticSettings.add("dist");
        return this;
    }

    /**
     * How the stochastic mux picks the stream for a free slot; default {@link Activation#WEIGHTED}.
     * Refused by {@link #build()} for other muxes.
     */
    public MuxSourceBuilder<T> activation(Activation activation) {
        this.activation = require(activation, "activation");
        stochasticSettings.add("activation");
        return this;
    }

    /**
     * Whether the stochastic mux prunes a stream that yielded nothing in an activation; default
     * true. Refused by {@link #build()} for other muxes.
     */
    public MuxSourceBuilder<T> pruneEmptyStreams(boolean prune) {
        this.pruneEmptyStreams = prune;
        stochasticSettings.add("pruneEmptyStreams");
        return this;
    }

    /** The order rows are read within each stream; default {@link RowOrder#RANDOM}. */
    public MuxSourceBuilder<T> rowOrder(RowOrder rowOrder) {
        this.rowOrder = require(rowOrder, "rowOrder");
        return this;
    }

    /** The base seed every lane's and stream's randomness derives from; default 0. */
    public MuxSourceBuilder<T> seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Bounds the source to {@code maxRecords} records over all lanes; makes it bounded. */
    public MuxSourceBuilder<T> maxRecords(long maxRecords) {
        if (maxRecords < 0) {
            throw new IllegalArgumentException("maxRecords must be >= 0, got " + maxRecords);
        }
        this.maxRecords = maxRecords;
        return this;
    }

    /**
     * The fixed number of lanes; default: {@value MuxConfig#DEFAULT_LANES_PER_READER} times the
     * source parallelism when the job first starts. More lanes leave more room to scale up later.
     */
    public MuxSourceBuilder<T> lanes(int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be >= 1, got " + lanes);
        }
        this.lanes = lanes;
        return this;
    }

    /**
     * The local directory where a reader inflates deflated arrays it reads in random or shuffled
     * order (deflate has no random access), one file per array, deleted when the reader closes.
     * Default: one of Flink's {@code io.tmp.dirs} of the task.
     */
    public MuxSourceBuilder<T> spillDirectory(String directory) {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException(
                    "spillDirectory must not be blank, got '" + directory + "'");
        }
        this.spillDirectory = directory;
        return this;
    }

    /**
     * Most bytes of spill files one reader may hold at once (the inflated sizes of the deflated
     * arrays it reads in random order); past it, that read fails naming the shard. Default 8 GiB.
     */
    public MuxSourceBuilder<T> maxSpillBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("maxSpillBytes must be >= 0, got " + bytes);
        }
        this.maxSpillBytes = bytes;
        return this;
    }

    /**
     * Most shards holding a file descriptor (deflated or non-mappable ones) a reader keeps open;
     * default {@value ReaderLimits#DEFAULT_MAX_OPEN_SHARDS}. Shards a lane is reading are never
     * closed. Stored local shards are memory-mapped and hold none: see {@link #maxMappedShards}.
     * Past {@link #maxMappedShards}' default and without it set, it raises that cap to match; with
     * both set, it must be at most {@code maxMappedShards}.
     */
    public MuxSourceBuilder<T> maxOpenShards(int shards) {
        readerLimits.maxOpenShards(shards);
        return this;
    }

    /**
     * Most memory-mapped shards (stored local ones) a reader keeps open; default {@value
     * ReaderLimits#DEFAULT_MAX_MAPPED_SHARDS}. Each mapped array counts toward the kernel's {@code
     * vm.max_map_count}, shared by every subtask of a TaskManager. Shards with at most 64 KiB of
     * data are read onto the heap instead and count toward neither cap (see {@link
     * #heapShardBytes}). Below {@link #maxOpenShards}' default and without it set, it lowers that
     * cap to match; with both set, it must be at least {@code maxOpenShards}.
     */
    public MuxSourceBuilder<T> maxMappedShards(int shards) {
        readerLimits.maxMappedShards(shards);
        return this;
    }

    /**
     * Most bytes of remote shards a reader keeps downloaded in its local shard cache under Flink's
     * {@code io.tmp.dirs}; default 8 GiB. A remote shard larger than this is refused.
     */
    public MuxSourceBuilder<T> shardCacheBytes(long bytes) {
        readerLimits.shardCacheBytes(bytes);
        return this;
    }

    /**
     * Most heap a reader fills with small local shards (stored, at most 64 KiB of arrays each),
     * which it reads there instead of mapping: they then cost neither a descriptor nor a mapping,
     * and lanes read them without a lock. Default 256 MiB per reader; past it the least recently
     * used close first. Keep it well below the TaskManager heap divided by its slots; 0 maps every
     * stored local shard.
     */
    public MuxSourceBuilder<T> heapShardBytes(long bytes) {
        readerLimits.heapShardBytes(bytes);
        return this;
    }

    /**
     * How many records per lane the prefetcher runs ahead of emission to open and download the
     * shards it will need; default {@value ReaderLimits#DEFAULT_LOOKAHEAD_RECORDS}, 0 turns
     * prefetching off (shards then open when first needed, still off the task thread).
     */
    public MuxSourceBuilder<T> lookaheadRecords(int records) {
        readerLimits.lookaheadRecords(records);
        return this;
    }

    /**
     * Emits {@link SampleBatch}es of {@code size} rows instead of one {@link Sample} per row: each
     * reader's rows, exactly those and in the order a record source with the same settings emits,
     * cut into runs of {@code size}; the last batch of a bounded source may be shorter. Each field
     * is one contiguous array of the batch's rows. A batch holds one layout, so every dataset must
     * have the same fields (as {@link #sameLayoutAcrossDatasets} asks). Only for a builder of
     * {@link Sample}s ({@link MuxSource#builder()}): a {@link SampleMapper} maps single rows.
     *
     * @param size rows per batch, >= 1
     * @return this builder, now building a source of {@link SampleBatch}es
     */
    @SuppressWarnings("unchecked") // the same builder; from here on it builds SampleBatch sources
    public MuxSourceBuilder<SampleBatch> batches(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batches size must be >= 1, got " + size);
        }
        if (batchSize == 0 && mapper != MuxSource.SAMPLES) {
            throw new IllegalStateException(
                    "batches("
                            + size
                            + ") needs a builder of Samples (MuxSource.builder()), but this one"
                            + " maps rows to "
                            + type
                            + "; a SampleMapper maps single rows");
        }
        MuxSourceBuilder<SampleBatch> self = (MuxSourceBuilder<SampleBatch>) this;
        self.batchSize = size;
        self.type = SampleBatchTypeInfo.INSTANCE;
        self.mapper = null;
        return self;
    }

    /** Skip (log and count) shards that fail validation instead of failing the job. */
    public MuxSourceBuilder<T> skipBadShards(boolean skip) {
        this.skipBadShards = skip;
        return this;
    }

    /**
     * Reads only these arrays of every shard, in this order: only they must share the shard's row
     * count, and other entries (0-d scalars, arrays of other lengths) are ignored unread. Without a
     * selection every array is read, and a shard holding such extras is refused.
     */
    public MuxSourceBuilder<T> fields(String... names) {
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("fields needs at least one array name");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(
                        "field names must not be blank, got " + Arrays.toString(names));
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException(
                        "field '" + name + "' is selected twice in " + Arrays.toString(names));
            }
        }
        this.fields = List.of(names);
        return this;
    }

    /**
     * Whether every dataset must have the same field names, dtypes and row shapes as the first
     * dataset; default false: layouts may differ across datasets (each record carries its own
     * {@code layout()}), while within a dataset one layout is always required. Turn it on when
     * everything downstream expects one layout (one file schema, one model input); a dataset that
     * differs is then refused at planning time naming both shards, the field and both layouts.
     */
    public MuxSourceBuilder<T> sameLayoutAcrossDatasets(boolean same) {
        this.sameLayoutAcrossDatasets = same;
        return this;
    }

    /**
     * Whether {@link #build()} discovers and validates every dataset's shards on the client (paths
     * exist and match shards, files are NPZ, datasets have rows, layouts agree within a dataset),
     * so that a mistake fails before the job is submitted; default true. Turn it off for paths that
     * only the cluster can reach; the enumerator checks the same at the job's first start and fails
     * the job without restarting.
     */
    public MuxSourceBuilder<T> checkShardsOnClient(boolean check) {
        this.checkShardsOnClient = check;
        return this;
    }

    /**
     * Lists every dataset's paths again at this interval while the job runs (Flink's {@code
     * FileSource} calls it the same) and adds the new {@code .npz} shards to the lanes, dealt with
     * the fairness of the first plan: each lane's share of each dataset's rows stays within one row
     * of every other lane's. New shards are validated from their headers like the first ones (a bad
     * one fails the job once, or is skipped and counted with {@link #skipBadShards}). Names
     * starting with {@code .} or {@code _} are ignored: publish a shard by writing it under such a
     * name and renaming it. What was found is in the checkpointed state, so a shard is neither lost
     * nor read twice across failover and rescale.
     *
     * <p>The source becomes unbounded: a lane that has read everything waits for new shards instead
     * of ending, and with {@link #maxRecords} the job ends after exactly that many records (equal
     * shares per lane, see {@code docs/state.md}). Cannot be switched on or off at a restore.
     */
    public MuxSourceBuilder<T> monitorContinuously(Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException(
                    "monitorContinuously interval must be positive, got " + interval);
        }
        this.monitorInterval = interval;
        return this;
    }

    /**
     * Dataset weights that change at record counts of the source (a curriculum): see {@link
     * WeightSchedule}. Only for the stochastic and shuffled muxes, whose draws follow weights;
     * every dataset the schedule names must be configured.
     */
    public MuxSourceBuilder<T> weightSchedule(WeightSchedule schedule) {
        this.weightSchedule = require(schedule, "weightSchedule");
        return this;
    }

    /**
     * Live weights: the enumerator reads {@code path} (a local path or any Flink file system URI)
     * every second, a JSON object of dataset weights such as {@code {"a": 3, "b": 1}}, and when it
     * changes every lane takes the new weights at its next checkpoint. A missing file means no
     * change; a malformed one, or one naming an unknown dataset, is logged and counted and changes
     * nothing. Needs checkpointing: see {@code docs/mixing.md}, "Live weights".
     */
    public MuxSourceBuilder<T> weightsFrom(String path) {
        return weightsFrom(path, MuxConfig.DEFAULT_WEIGHTS_POLL);
    }

    /** {@link #weightsFrom(String)}, reading the file every {@code interval}. */
    public MuxSourceBuilder<T> weightsFrom(String path, Duration interval) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(
                    "weightsFrom path must not be blank, got '" + path + "'");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("weightsFrom interval must be > 0, got " + interval);
        }
        this.weightsFile = path;
        this.weightsPollInterval = interval;
        return this;
    }

    /**
     * Checks the rules that span several settings, then (unless {@link #checkShardsOnClient} is
     * off) the shards themselves, and builds the source.
     *
     * @throws IllegalStateException for settings that do not fit together
     * @throws IllegalArgumentException for a dataset whose shards cannot be used, naming it and the
     *     path
     */
    public MuxSource<T> build() {
        int slots = nActive > 0 ? nActive : datasets.size();
        MuxConfig config =
                new MuxConfig(
                        datasets,
                        kind,
                        slots,
                        rate,
                        mode,
                        dist,
                        activation,
                        pruneEmptyStreams,
                        roundRobinMode,
                        chainMode,
                        rowOrder,
                        seed,
                        maxRecords,
                        lanes,
                        spillDirectory,
                        maxSpillBytes,
                        skipBadShards,
                        // A batch holds one layout: the planner then refuses datasets that differ.
                        sameLayoutAcrossDatasets || batchSize > 0,
                        readerLimits.build(),
                        fields,
                        monitorInterval,
                        weightSchedule,
                        weightsFile,
                        weightsPollInterval);
        ConfigRules.check(config, stochasticSettings);
        if (checkShardsOnClient) {
            ClientShardCheck.run(config);
        }
        return new MuxSource<>(config, mapper, type, batchSize);
    }

    private static <V> V require(V value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}

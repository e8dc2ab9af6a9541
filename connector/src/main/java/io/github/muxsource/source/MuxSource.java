package io.github.muxsource.source;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleTypeInfo;
import io.github.muxsource.source.enumerator.EnumeratorState;
import io.github.muxsource.source.enumerator.EnumeratorStateSerializer;
import io.github.muxsource.source.enumerator.MuxEnumerator;
import io.github.muxsource.source.reader.MuxSourceReader;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneSplitSerializer;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink source that mixes many NumPy {@code .npz} datasets into one reproducible, checkpointed
 * sample stream.
 *
 * <pre>{@code
 * MuxSource<Sample> source = MuxSource.builder()
 *     .dataset("digits", 1.0, "file:///data/digits/")
 *     .dataset("fashion", 3.0, "s3://bucket/fashion/*.npz")
 *     .stochastic(3, 1000.0)
 *     .rowOrder(RowOrder.RANDOM)
 *     .seed(42)
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux").uid("mux-source");
 * }</pre>
 *
 * <p>A complete job with its imports, dependencies and how to resume it: {@code docs/guide.md}.
 *
 * <h2>Mixing</h2>
 *
 * Each lane runs a Pescador-style mux ({@link MuxKind}) over its streams: row ranges of shards read
 * in a {@link RowOrder}. Dataset weights become the long-run shares with the default {@link
 * io.github.muxsource.mux.Activation#WEIGHTED} activation.
 *
 * <h2>Lanes, state and determinism</h2>
 *
 * The Flink split is a lane: a fixed group of shard slices plus its mux state. The number of lanes
 * is fixed when the job first starts (default: the source parallelism then) and never changes, so
 * Flink moves whole lanes on rescale and a lane's sequence never depends on parallelism. A job
 * restored from a checkpoint or savepoint continues every lane exactly where it stopped.
 *
 * <h2>Weights that change</h2>
 *
 * With the stochastic or shuffled mux, dataset weights may change while the job runs: at record
 * counts fixed in advance ({@link MuxSourceBuilder#weightSchedule}), or from a JSON file the
 * enumerator polls ({@link MuxSourceBuilder#weightsFrom}), applied at the next checkpoint. Each
 * lane changes at a position recorded in its state, so a restore replays exactly. A restored job
 * may change weights, schedules, {@code maxRecords} and add datasets; other settings are refused
 * naming both values ({@code docs/state.md}).
 *
 * <h2>Mistakes fail once</h2>
 *
 * {@link MuxSourceBuilder#build()} checks the datasets on the client (paths exist and match {@code
 * .npz} files, files are NPZ, datasets have rows, one layout per dataset) unless {@link
 * MuxSourceBuilder#checkShardsOnClient} is off; the enumerator checks the same at the first start
 * and fails the job without restarting, naming the dataset and the path. Other I/O errors go
 * through the job's restart strategy.
 *
 * <h2>Streaming ingestion</h2>
 *
 * With {@link MuxSourceBuilder#monitorContinuously} the enumerator lists every dataset again at an
 * interval and deals new shards to the lanes with the first plan's fairness; names starting with
 * {@code .} or {@code _} are ignored (write, then rename). A lane that has read everything waits
 * for more, and in exhaustive modes every row of every shard that ever appears is delivered exactly
 * once through failures and rescales ({@code docs/state.md}, "Discovery").
 *
 * <h2>Batches</h2>
 *
 * {@code MuxSource.builder()...batches(256).build()} emits {@link
 * io.github.muxsource.sample.SampleBatch}es instead: each reader's sequence of rows, exactly the
 * one the record source emits with the same settings, cut into runs of 256 rows, each field one
 * contiguous array. A restore at the same parallelism emits the same batches, even from a
 * checkpoint taken inside one. See {@code docs/guide.md}.
 *
 * <h2>Bounded or unbounded</h2>
 *
 * Bounded when every lane's mux ends by itself (an exhaustive mode over finite streams) or when
 * {@code maxRecords} is set; unbounded otherwise, and always when monitored (a monitored source
 * with {@code maxRecords} still ends after exactly that many records).
 *
 * @param <T> the record type: {@link Sample}, {@link io.github.muxsource.sample.SampleBatch}, or
 *     what a {@link SampleMapper} makes
 */
@PublicEvolving
public final class MuxSource<T>
        implements Source<T, LaneSplit, EnumeratorState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final MuxConfig config;
    private final SampleMapper<T> mapper;
    private final TypeInformation<T> type;

    /** Rows per {@link io.github.muxsource.sample.SampleBatch}, or 0 for one record per row. */
    private final int batchSize;

    MuxSource(MuxConfig config, SampleMapper<T> mapper, TypeInformation<T> type, int batchSize) {
        this.config = config;
        this.mapper = mapper;
        this.type = type;
        this.batchSize = batchSize;
    }

    /** The mapper of {@link #builder()}: a source of {@link Sample}s may become one of batches. */
    static final SampleMapper<Sample> SAMPLES = Sample::of;

    /** A builder for a source of {@link Sample}s. */
    public static MuxSourceBuilder<Sample> builder() {
        return new MuxSourceBuilder<>(SAMPLES, SampleTypeInfo.INSTANCE);
    }

    /** A builder for a source of the records {@code mapper} makes. */
    public static <T> MuxSourceBuilder<T> builder(SampleMapper<T> mapper, TypeInformation<T> type) {
        return new MuxSourceBuilder<>(mapper, type);
    }

    /** The validated configuration. */
    public MuxConfig config() {
        return config;
    }

    /** Rows per batch when the source emits {@code SampleBatch}es, 0 when it emits rows. */
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Boundedness getBoundedness() {
        return config.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    @SuppressWarnings("unchecked") // batches() made T SampleBatch
    public SourceReader<T, LaneSplit> createReader(SourceReaderContext context) {
        if (batchSize > 0) {
            return (SourceReader<T, LaneSplit>)
                    (SourceReader<?, LaneSplit>)
                            MuxSourceReader.batches(context, config, batchSize);
        }
        return new MuxSourceReader<>(context, config, mapper);
    }

    @Override
    public SplitEnumerator<LaneSplit, EnumeratorState> createEnumerator(
            SplitEnumeratorContext<LaneSplit> context) {
        return new MuxEnumerator(context, config, null);
    }

    @Override
    public SplitEnumerator<LaneSplit, EnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<LaneSplit> context, EnumeratorState checkpoint) {
        return new MuxEnumerator(context, config, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<LaneSplit> getSplitSerializer() {
        return LaneSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<EnumeratorState> getEnumeratorCheckpointSerializer() {
        return EnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }
}

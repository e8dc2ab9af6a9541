package io.github.muxsource.examples;

import io.github.muxsource.mux.Rng;
import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.RowReader;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.sample.SampleBatchTypeInfo;
import io.github.muxsource.sample.SampleTypeInfo;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.enumerator.ShardInfo;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench}: MuxSource into a discarding sink on the embedded Flink, timed end to end. With
 * {@code --baseline}, the same run also measures (a) a plain Java loop reading the same rows
 * without Flink or a mux and (b) the same Flink job with a trivial source emitting a same-sized
 * record from memory (Flink's per-record ceiling here), so results read as ratios.
 *
 * <p>With {@code --batch-size N} the source emits {@link SampleBatch}es of N rows; {@code records}
 * and the rates count rows, {@code batches} counts batches, and the baselines become a plain Java
 * loop copying the same kind of rows into preallocated batch arrays and a trivial source emitting a
 * prebuilt same-sized batch.
 */
final class BenchCommand {
    private static final Set<String> FLAGS =
            MixCommand.union(MuxFlags.FLAGS, Set.of("batch-size", "rounds"));

    private static long sink;

    private BenchCommand() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args =
                new Args(argv, 1, MixCommand.union(MuxFlags.SWITCHES, Set.of("baseline")), FLAGS);
        MuxFlags flags = new MuxFlags(args);
        flags.initializeFileSystems();
        if (!args.has("max-records")) {
            throw new Args.UsageException("bench needs --max-records N");
        }
        long records = args.getLong("max-records", 0);
        int batchSize = args.getInt("batch-size", 0);
        if (args.has("batch-size") && batchSize < 1) {
            throw new Args.UsageException("--batch-size must be >= 1, got " + batchSize);
        }
        int rounds = args.getInt("rounds", 1);
        if (rounds < 1) {
            throw new Args.UsageException("--rounds must be >= 1, got " + rounds);
        }
        MuxSource<?> source = batchSize > 0 ? flags.batchSource(batchSize) : flags.source();

        Map<String, Object> result = null;
        double seconds = 0;
        for (int round = 1; round <= rounds; round++) {
            if (result != null) {
                out.println(Json.write(result));
            }
            SteadyRate.reset();
            seconds = timeJob(flags, env -> toSteadyRate(env, source));
            result = measured(flags, records, batchSize, seconds);
            if (rounds > 1) {
                result.put("round", round);
            }
        }
        if (args.has("baseline")) {
            List<List<ShardInfo>> datasets = new ShardDiscovery(source.config()).discover();
            List<String> fields = source.config().fields();
            double loop =
                    plainLoop(datasets, fields, source.config().rowOrder(), records, batchSize);
            Sample template = template(datasets.get(0).get(0).path(), fields);
            double ceiling =
                    batchSize > 0
                            ? batchCeiling(flags, template, records, batchSize)
                            : timeJob(
                                    flags,
                                    env ->
                                            env.fromSequence(1, records)
                                                    .map(i -> template)
                                                    .returns(SampleTypeInfo.INSTANCE)
                                                    .sinkTo(new DiscardingSink<>()));
            long loopRate = Math.round(records / loop);
            long ceilingRate = Math.round(records / ceiling);
            out.printf(
                    batchSize > 0
                            ? "plain Java loop into batch arrays  %,14d rows/s%n"
                            : "plain Java loop (no Flink, no mux)  %,14d records/s%n",
                    loopRate);
            out.printf("Flink trivial-source ceiling        %,14d records/s%n", ceilingRate);
            out.printf(
                    "MuxSource end to end                %,14d records/s  (%.2fx loop, %.2fx ceiling)%n",
                    result.get("records_per_second"),
                    records / seconds / loopRate,
                    records / seconds / ceilingRate);
            result.put("plain_loop_records_per_second", loopRate);
            result.put("flink_ceiling_records_per_second", ceilingRate);
            result.put("vs_plain_loop", NpzBench.round(records / seconds / loopRate));
            result.put("vs_flink_ceiling", NpzBench.round(records / seconds / ceilingRate));
        }
        out.println(Json.write(result));
        return 0;
    }

    /** One round's figures, from the steady-rate sink and the job's run time. */
    private static Map<String, Object> measured(
            MuxFlags flags, long records, int batchSize, double seconds) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", records);
        if (batchSize > 0) {
            result.put("batch_size", batchSize);
            result.put("batches", SteadyRate.batches());
        }
        result.put("seconds", NpzBench.round(seconds));
        result.put("records_per_second", Math.round(records / seconds));
        result.put("steady_records_per_second", SteadyRate.recordsPerSecond());
        result.put("task_cpu_ns_per_record", NpzBench.round(SteadyRate.taskCpuNanosPerRecord()));
        result.put("parallelism", flags.parallelism);
        MemoryUse memory = MemoryUse.measure();
        result.put("heap_used_bytes", memory.heapUsed());
        result.put("heap_peak_bytes", memory.heapPeak());
        result.put("rss_anon_bytes", memory.rssAnon());
        return result;
    }

    interface Pipeline {
        void build(StreamExecutionEnvironment env);
    }

    private static <T> void toSteadyRate(StreamExecutionEnvironment env, MuxSource<T> source) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux").sinkTo(new SteadyRate<>());
    }

    /** The trivial-source ceiling for batches: a prebuilt batch of template rows, emitted. */
    private static double batchCeiling(MuxFlags flags, Sample template, long records, int batchSize)
            throws Exception {
        int fieldCount = template.layout().size();
        byte[][] fields = new byte[fieldCount][];
        for (int f = 0; f < fieldCount; f++) {
            int rowBytes = template.bytesLength(f);
            fields[f] = new byte[batchSize * rowBytes];
            for (int i = 0; i < batchSize; i++) {
                template.copyBytes(f, fields[f], i * rowBytes);
            }
        }
        SampleBatch batch =
                new SampleBatch(
                        new String[] {"template"},
                        template.layout(),
                        batchSize,
                        fields,
                        new int[batchSize],
                        new int[batchSize],
                        new long[batchSize],
                        new int[batchSize],
                        new long[batchSize]);
        long batches = (records + batchSize - 1) / batchSize;
        return timeJob(
                flags,
                env ->
                        env.fromSequence(1, batches)
                                .map(i -> batch)
                                .returns(SampleBatchTypeInfo.INSTANCE)
                                .sinkTo(new DiscardingSink<>()));
    }

    /**
     * The job's run time as Flink measures it, from scheduling to finish: the embedded cluster is
     * shared by the jobs of a command and starts with the first, which must not pay for it alone.
     */
    private static double timeJob(MuxFlags flags, Pipeline pipeline) throws Exception {
        StreamExecutionEnvironment env = flags.environment();
        pipeline.build(env);
        return env.execute("muxsource bench").getNetRuntime(TimeUnit.NANOSECONDS) / 1e9;
    }

    /**
     * Reads {@code records} rows of every selected array, round-robin over the shards, in the row
     * order: into a new array per field and row, or with a batch size, into preallocated batch
     * arrays (one per field, plus dataset, shard and row indexes) reused for every batch.
     */
    private static double plainLoop(
            List<List<ShardInfo>> datasets,
            List<String> fields,
            RowOrder order,
            long records,
            int batchSize)
            throws Exception {
        List<NpzShard> shards = new ArrayList<>();
        List<RowReader[]> readers = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (List<ShardInfo> dataset : datasets) {
            for (ShardInfo info : dataset) {
                NpzShard shard = NpzShard.open(info.path(), SpillSpace.temporary(), fields);
                shards.add(shard);
                RowReader[] r = new RowReader[shard.arrays().size()];
                int[] s = new int[r.length];
                for (int i = 0; i < r.length; i++) {
                    NpyArray a = shard.arrays().get(i);
                    r[i] = a.openRows();
                    s[i] = a.rowBytes();
                }
                readers.add(r);
                sizes.add(s);
            }
        }
        boolean random = order != RowOrder.SEQUENTIAL;
        if (batchSize > 0) {
            double seconds = batchLoop(shards, readers, sizes, random, records, batchSize);
            for (NpzShard shard : shards) {
                shard.close();
            }
            return seconds;
        }
        Rng rng = Rng.seeded(1);
        long start = System.nanoTime();
        long[] next = new long[shards.size()];
        for (long i = 0; i < records; i++) {
            int s = (int) (i % shards.size());
            long rows = shards.get(s).rows();
            long row = random ? rng.nextLong(rows) : next[s]++ % rows;
            RowReader[] r = readers.get(s);
            for (int f = 0; f < r.length; f++) {
                byte[] bytes = new byte[sizes.get(s)[f]];
                r[f].read(row, bytes, 0);
                sink += bytes.length;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (NpzShard shard : shards) {
            shard.close();
        }
        return seconds;
    }

    private static double batchLoop(
            List<NpzShard> shards,
            List<RowReader[]> readers,
            List<int[]> sizes,
            boolean random,
            long records,
            int batchSize)
            throws Exception {
        int[] rowBytes = sizes.get(0);
        byte[][] batch = new byte[rowBytes.length][];
        for (int f = 0; f < batch.length; f++) {
            batch[f] = new byte[batchSize * rowBytes[f]];
        }
        int[] datasetIndexes = new int[batchSize];
        int[] shardIndexes = new int[batchSize];
        long[] rowIndexes = new long[batchSize];
        Rng rng = Rng.seeded(1);
        long start = System.nanoTime();
        long[] next = new long[shards.size()];
        int held = 0;
        for (long i = 0; i < records; i++) {
            int s = (int) (i % shards.size());
            long rows = shards.get(s).rows();
            long row = random ? rng.nextLong(rows) : next[s]++ % rows;
            RowReader[] r = readers.get(s);
            for (int f = 0; f < r.length; f++) {
                r[f].read(row, batch[f], held * rowBytes[f]);
            }
            datasetIndexes[held] = s;
            shardIndexes[held] = s;
            rowIndexes[held] = row;
            if (++held == batchSize) {
                sink += batch[0][0] + rowIndexes[held - 1];
                held = 0;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** A record the size of a real one, built once from the first shard's first row. */
    private static Sample template(String path, List<String> fields) throws Exception {
        try (NpzShard shard = NpzShard.open(path, SpillSpace.temporary(), fields)) {
            List<String> names = new ArrayList<>();
            List<String> descrs = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            byte[][] values = new byte[shard.arrays().size()][];
            for (int i = 0; i < values.length; i++) {
                NpyArray a = shard.arrays().get(i);
                names.add(a.name());
                descrs.add(a.dtype().descr());
                shapes.add(a.rowShape());
                values[i] = new byte[a.rowBytes()];
                a.openRows().read(0, values[i], 0);
            }
            return new Sample(
                    "template", 0, 0, 0, 0, 0, new FieldLayout(names, descrs, shapes), values);
        }
    }
}

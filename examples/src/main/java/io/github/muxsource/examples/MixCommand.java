package io.github.muxsource.examples;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.enumerator.ShardInfo;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code mix}: reads datasets, mixes them with a MuxSource and writes NPZ shards numpy loads. The
 * files appear under {@code --output} only once the job has succeeded; the last line printed is the
 * JSON summary, also kept in {@code DIR/_SUCCESS}.
 */
final class MixCommand {
    private static final Set<String> FLAGS =
            union(MuxFlags.FLAGS, Set.of("output", "rows-per-file", "batch-size"));

    private MixCommand() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args =
                new Args(
                        argv, 1, union(MuxFlags.SWITCHES, Set.of("compress", "provenance")), FLAGS);
        MuxFlags flags = new MuxFlags(args);
        flags.initializeFileSystems();
        String outputFlag = args.get("output", null);
        if (outputFlag == null) {
            throw new Args.UsageException("--output DIR is required");
        }
        int rowsPerFile = args.getInt("rows-per-file", 10_000);
        if (rowsPerFile < 1) {
            throw new Args.UsageException("--rows-per-file must be >= 1, got " + rowsPerFile);
        }
        int batchSize = args.getInt("batch-size", 0);
        if (args.has("batch-size") && batchSize < 1) {
            throw new Args.UsageException("--batch-size must be >= 1, got " + batchSize);
        }
        MuxSource<?> source = batchSize > 0 ? flags.batchSource(batchSize) : flags.source();
        boolean ends =
                source.config().bounded()
                        || (source.config().monitored() && source.config().maxRecords() >= 0);
        if (!ends) {
            throw new Args.UsageException(
                    source.config().monitored()
                            ? "mix --discover-interval needs --max-records: a monitored source"
                                    + " never ends by itself"
                            : "mix needs a bounded source: set --max-records, or an exhaustive"
                                    + " mode with --row-order sequential or shuffled");
        }
        checkSameArrays(source, flags.names());

        Path output = Path.of(outputFlag);
        refuseExistingParts(output);
        Path staging = output.resolve(".inprogress");
        deleteRecursively(staging);
        Files.createDirectories(staging);
        try {
            StreamExecutionEnvironment env = flags.environment();
            writeParts(
                    env,
                    source,
                    new NpzPartSink<>(
                            staging,
                            rowsPerFile,
                            args.has("compress"),
                            args.has("provenance"),
                            flags.names().size()));
            env.execute("muxsource mix");
            String summary = publish(staging, output, flags.names(), batchSize);
            out.println(summary);
            return 0;
        } finally {
            deleteRecursively(staging);
        }
    }

    private static <T> void writeParts(
            StreamExecutionEnvironment env, MuxSource<T> source, NpzPartSink<T> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                .sinkTo(sink)
                .name("npz-parts");
    }

    /**
     * Every shard of every dataset must hold the same arrays (names, dtypes, row shapes), among the
     * selected ones when {@code --fields} is given.
     */
    static void checkSameArrays(MuxSource<?> source, List<String> names) throws IOException {
        List<List<ShardInfo>> shards = new ShardDiscovery(source.config()).discover();
        String reference = null;
        String referenceWhere = null;
        for (int d = 0; d < shards.size(); d++) {
            for (ShardInfo shard : shards.get(d)) {
                String arrays = describeArrays(shard.path(), source.config().fields());
                if (reference == null) {
                    reference = arrays;
                    referenceWhere = shard.path();
                } else if (!reference.equals(arrays)) {
                    throw new IOException(
                            shard.path()
                                    + " (dataset '"
                                    + names.get(d)
                                    + "'): arrays "
                                    + arrays
                                    + " differ from "
                                    + reference
                                    + " in "
                                    + referenceWhere
                                    + "; mixed output needs the same names, dtypes and row shapes");
                }
            }
        }
    }

    private static String describeArrays(String path, List<String> fields) throws IOException {
        List<String> parts = new ArrayList<>();
        try (NpzShard shard = NpzShard.open(path, SpillSpace.temporary(), fields)) {
            for (NpyArray a : shard.arrays()) {
                parts.add(a.name() + " " + a.dtype().descr() + " " + Arrays.toString(a.rowShape()));
            }
        }
        return parts.toString();
    }

    private static void refuseExistingParts(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return;
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(output, "part-*.npz")) {
            if (parts.iterator().hasNext()) {
                throw new IOException(
                        output + ": already holds part-*.npz files; choose an empty directory");
            }
        }
    }

    /** Moves the staged parts into place and writes the summary; returns the summary line. */
    private static String publish(Path staging, Path output, List<String> names, int batchSize)
            throws IOException {
        long[] perDataset = new long[names.size()];
        long files = 0;
        long batches = 0;
        List<Path> parts = new ArrayList<>();
        try (Stream<Path> staged = Files.list(staging)) {
            for (Path p : (Iterable<Path>) staged.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".counts-")) {
                    String[] counts = Files.readString(p).trim().split(" ");
                    files += Long.parseLong(counts[0]);
                    for (int d = 0; d < perDataset.length; d++) {
                        perDataset[d] += Long.parseLong(counts[d + 1]);
                    }
                    batches += Long.parseLong(counts[perDataset.length + 1]);
                } else if (name.startsWith("part-") && name.endsWith(".npz")) {
                    parts.add(p);
                }
            }
        }
        if (parts.size() != files) {
            throw new IOException(
                    staging + ": expected " + files + " part files, found " + parts.size());
        }
        for (Path p : parts) {
            Files.move(p, output.resolve(p.getFileName()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("records", Arrays.stream(perDataset).sum());
        Map<String, Object> per = new LinkedHashMap<>();
        for (int d = 0; d < names.size(); d++) {
            per.put(names.get(d), perDataset[d]);
        }
        summary.put("per_dataset", per);
        summary.put("files", files);
        if (batchSize > 0) {
            // Each reader's rows came in batches of batchSize, the last of each reader shorter.
            summary.put("batch_size", batchSize);
            summary.put("batches", batches);
        }
        String line = Json.write(summary);
        Files.writeString(output.resolve("_SUCCESS"), line + "\n");
        return line;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(p);
            }
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}

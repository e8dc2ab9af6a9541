package io.github.muxsource.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench-remote}: {@code bench} over shards on an S3-compatible server, reached directly and
 * through a {@link DelayProxy} that adds a fixed delay to every request, in the same run. It starts
 * {@code moto_server} on loopback, uploads the given local shards, runs {@code bench} with {@code
 * --conf s3.*} pointing at each endpoint in turn ({@code --rounds} times, best of each), and prints
 * both figures, their ratio and the time the delay added per record: how much of a remote store's
 * latency reaches the job (a job that fetches ahead hides it; one that waits on each request pays
 * it per request).
 */
final class RemoteBench {
    private static final String BUCKET = "muxsource-bench";
    private static final Pattern SECONDS = Pattern.compile("\"seconds\": ([0-9.]+)");

    private RemoteBench() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args =
                new Args(
                        argv,
                        1,
                        MuxFlags.SWITCHES,
                        union(MuxFlags.FLAGS, Set.of("delay-ms", "rounds")));
        new MuxFlags(args); // checks the dataset and mux flags before anything starts
        if (!args.has("max-records")) {
            throw new Args.UsageException("bench-remote needs --max-records N");
        }
        long delayMillis = args.getLong("delay-ms", 20);
        int rounds = args.getInt("rounds", 2);
        if (rounds < 1) {
            throw new Args.UsageException("--rounds must be >= 1, got " + rounds);
        }
        try (MotoS3 moto = MotoS3.start();
                DelayProxy proxy =
                        new DelayProxy(
                                new InetSocketAddress("127.0.0.1", moto.port()), delayMillis)) {
            moto.createBucket(BUCKET);
            List<String> common = new ArrayList<>();
            for (String d : args.all("dataset")) {
                int eq = d.indexOf('=');
                String name = d.substring(0, eq);
                List<String> uris = new ArrayList<>();
                for (String path : d.substring(eq + 1).split(",")) {
                    for (Path file : localShards(path)) {
                        uris.add(moto.upload(file, BUCKET, name + "/" + file.getFileName()));
                    }
                }
                common.add("--dataset");
                common.add(name + "=" + String.join(",", uris));
            }
            for (String flag : MuxFlags.FLAGS) {
                if (!flag.equals("dataset")) {
                    for (String value : args.all(flag)) {
                        common.add("--" + flag);
                        common.add(value);
                    }
                }
            }
            for (String flag : MuxFlags.SWITCHES) {
                if (args.has(flag)) {
                    common.add("--" + flag);
                }
            }
            for (String kv :
                    List.of(
                            "s3.path.style.access=true",
                            "s3.access-key=bench",
                            "s3.secret-key=bench")) {
                common.add("--conf");
                common.add(kv);
            }
            long records = args.getLong("max-records", 0);
            // Alternated, best of each: the first job in a JVM pays for class loading and JIT.
            double direct = Double.MAX_VALUE;
            double delayed = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                direct = Math.min(direct, bench(common, moto.endpoint(), out));
                delayed = Math.min(delayed, bench(common, proxy.endpoint(), out));
            }
            out.printf("direct to the S3 server      %,12.1f records/s%n", records / direct);
            out.printf(
                    "+%d ms per request (proxy)   %,12.1f records/s%n",
                    delayMillis, records / delayed);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("delay_ms", delayMillis);
            result.put("records", records);
            result.put("direct_records_per_second", NpzBench.round(records / direct));
            result.put("delayed_records_per_second", NpzBench.round(records / delayed));
            result.put("delayed_vs_direct", NpzBench.round(direct / delayed));
            // Each request pays the delay once: this is about the delay times requests per record.
            result.put("added_ms_per_record", NpzBench.round((delayed - direct) * 1000 / records));
            out.println(Json.write(result));
        }
        return 0;
    }

    /** Runs {@code bench} against {@code endpoint}; echoes its result line, returns its seconds. */
    private static double bench(List<String> common, String endpoint, PrintStream out)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("bench"));
        argv.addAll(common);
        argv.add("--conf");
        argv.add("s3.endpoint=" + endpoint);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status =
                BenchCommand.run(
                        argv.toArray(new String[0]),
                        new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String text = buffer.toString(StandardCharsets.UTF_8).strip();
        String last = text.substring(text.lastIndexOf('\n') + 1);
        out.println(endpoint + ": " + last);
        Matcher m = SECONDS.matcher(last);
        if (status != 0 || !m.find()) {
            throw new IOException("bench against " + endpoint + " failed: " + text);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A local file, or the {@code *.npz} files of a local directory. */
    private static List<Path> localShards(String path) throws IOException {
        Path p = Path.of(path);
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new Args.UsageException(
                    "bench-remote uploads local shards: '" + path + "' is not a file or directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(p, "*.npz")) {
            dir.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}

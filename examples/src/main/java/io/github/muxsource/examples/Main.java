package io.github.muxsource.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The examples jar: {@code java -jar muxsource-examples.jar COMMAND [FLAGS]}.
 *
 * <ul>
 *   <li>{@code seed}: the Pescador "muxing multiple datasets" example on Fashion-MNIST;
 *   <li>{@code mix}: mix datasets into NPZ shards;
 *   <li>{@code inspect}: describe NPZ files;
 *   <li>{@code sql}: run a file of Flink SQL statements, printing query rows as JSON lines;
 *   <li>{@code bench}, {@code bench-npz}, {@code bench-mux}: benchmarks (docs/benchmarks.md).
 * </ul>
 *
 * <p>A command prints only its results: Flink's own logging is off unless {@code --verbose} (any
 * position) sends it to stderr. Errors are one line on stderr; exit status 1, or 2 for a bad
 * command line.
 */
public final class Main {
    private static final String USAGE =
            String.join(
                    "\n",
                    "usage: java -jar muxsource-examples.jar COMMAND [FLAGS] [--verbose]",
                    "  seed      [--data DIR] [--records N] [--parallelism P]   the seed example on Fashion-MNIST",
                    "  mix       --dataset NAME=PATH[,PATH...] ... --output DIR --rows-per-file K   (docs/cli.md)",
                    "  inspect   [--json] FILE...",
                    "  sql       FILE.sql                                       run SQL statements, rows as JSON lines",
                    "  bench     mix's dataset and mux flags [--baseline]      end-to-end records/s",
                    "  bench-npz [--rows N]                                     row access vs a heap-copy ceiling",
                    "  bench-mux [--items N]                                    per-item mux overhead",
                    "  bench-scale [--shards N] [--lanes L]                     discovery, planning, state size",
                    "  bench-spill --deflated FILE --stored FILE                random rows via a spill file vs stored",
                    "  bench-remote bench's flags [--delay-ms 20]               bench on moto, direct vs delayed",
                    "  prepare-fashion --output DIR [--rows-per-shard N] [--compress]   bench shards");

    private Main() {}

    private static final String VERBOSE = "--verbose";

    /** The system property log4j2.properties reads for the root level: OFF unless verbose. */
    static final String LOG_LEVEL_PROPERTY = "muxsource.log.level";

    private static final String AWS_SDK_NOTICE_PROPERTY =
            "aws.java.v1.disableDeprecationAnnouncement";

    public static void main(String[] args) {
        // Before anything logs: log4j reads the level once, when it starts.
        if (Arrays.asList(args).contains(VERBOSE)) {
            System.setProperty(LOG_LEVEL_PROPERTY, "INFO");
        } else {
            // The S3 file system's AWS SDK 1.x prints a deprecation notice with a stack trace to
            // stderr outside any logger; a command prints only what was asked for.
            System.setProperty(AWS_SDK_NOTICE_PROPERTY, "true");
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] given, PrintStream out, PrintStream err) {
        List<String> kept = new ArrayList<>(Arrays.asList(given));
        kept.removeIf(VERBOSE::equals);
        String[] args = kept.toArray(new String[0]);
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        if (Arrays.asList("-h", "--help", "help").contains(args[0])) {
            out.println(USAGE);
            return 0;
        }
        try (EmbeddedCluster flink = EmbeddedCluster.installIfLocal()) {
            return switch (args[0]) {
                case "inspect" -> InspectCommand.run(args, out, err);
                case "seed" -> SeedCommand.run(args, out);
                case "mix" -> MixCommand.run(args, out);
                case "sql" -> SqlCommand.run(args, out);
                case "bench" -> BenchCommand.run(args, out);
                case "bench-npz" -> NpzBench.run(args, out);
                case "bench-mux" -> MuxBench.run(args, out);
                case "bench-scale" -> ScaleBench.run(args, out);
                case "bench-spill" -> SpillBench.run(args, out);
                case "bench-remote" -> RemoteBench.run(args, out);
                case "prepare-fashion" -> FashionMnist.prepareCommand(args, out);
                default ->
                        throw new Args.UsageException(
                                "unknown command '" + args[0] + "' (--help lists the commands)");
            };
        } catch (Args.UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("error: " + oneLine(e));
            return 1;
        }
    }

    /** The most specific message in a cause chain, on one line: it names the file and the cause. */
    static String oneLine(Throwable e) {
        Throwable best = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof io.github.muxsource.npz.NpzFormatException) {
                best = c;
                break;
            }
            if (c.getMessage() != null) {
                best = c;
            }
        }
        String message =
                best.getMessage() == null ? best.getClass().getSimpleName() : best.getMessage();
        return message.replace('\n', ' ');
    }
}

package io.github.muxsource.examples;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The examples jar: {@code java -jar muxsource-examples.jar COMMAND [FLAGS]}.
 *
 * <ul>
 *   <li>{@code seed}: the Pescador "muxing multiple datasets" example on Fashion-MNIST;
 *   <li>{@code mix}: mix datasets into NPZ shards;
 *   <li>{@code inspect}: describe NPZ files;
 *   <li>{@code bench}, {@code bench-npz}, {@code bench-mux}: benchmarks (docs/benchmarks.md).
 * </ul>
 */
public final class Main {
    private static final String USAGE =
            String.join(
                    "\n",
                    "usage: java -jar muxsource-examples.jar COMMAND [FLAGS]",
                    "  seed      [--data DIR] [--records N] [--parallelism P]   the seed example on Fashion-MNIST",
                    "  mix       --dataset NAME=PATH[,PATH...] ... --output DIR --rows-per-file K   (docs/cli.md)",
                    "  inspect   [--json] FILE...",
                    "  bench     mix's dataset and mux flags [--baseline]      end-to-end records/s",
                    "  bench-npz [--rows N]                                     row access vs a heap-copy ceiling",
                    "  bench-mux [--items N]                                    per-item mux overhead",
                    "  bench-scale [--shards N] [--lanes L]                     discovery, planning, state size",
                    "  bench-spill --deflated FILE --stored FILE                random rows via a spill file vs stored",
                    "  bench-remote bench's flags [--delay-ms 20]               bench on moto, direct vs delayed",
                    "  prepare-fashion --output DIR [--rows-per-shard N] [--compress]   bench shards");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Arrays.asList("-h", "--help", "help").contains(args[0])) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "inspect" -> InspectCommand.run(args, out, err);
                case "seed" -> SeedCommand.run(args, out);
                case "mix" -> MixCommand.run(args, out);
                case "bench" -> BenchCommand.run(args, out);
                case "bench-npz" -> NpzBench.run(args, out);
                case "bench-mux" -> MuxBench.run(args, out);
                case "bench-scale" -> ScaleBench.run(args, out);
                case "bench-spill" -> SpillBench.run(args, out);
                case "bench-remote" -> RemoteBench.run(args, out);
                case "prepare-fashion" -> FashionMnist.prepareCommand(args, out);
                default ->
                        throw new Args.UsageException(
                                "unknown command '" + args[0] + "'\n" + USAGE);
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

package io.github.muxsource.examples;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code seed}: Pescador's "Muxing multiple datasets together" on an embedded Flink. Three NPZ
 * shards of Fashion-MNIST, a random-row stream per shard, then Option 1 (all three always active)
 * and Option 2 (one active at a time, rate 1000), each printing the shapes of ten records and the
 * realized share of each dataset over a larger run.
 */
final class SeedCommand {
    private SeedCommand() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of(), Set.of("data", "records", "parallelism"));
        Path dir = Path.of(args.get("data", "seed-data"));
        long records = args.getLong("records", 60_000);
        int parallelism = args.getInt("parallelism", 2);

        FashionMnist data = FashionMnist.load(60_000, out);
        List<Path> shards = data.writeShards(dir, 3, 0, false);
        out.printf(
                "Wrote %s: %d rows of %s split into %d shards under %s%n",
                data.synthetic ? "synthetic MNIST-shaped data" : "Fashion-MNIST",
                data.rows,
                "28x28 uint8",
                shards.size(),
                dir);

        out.println();
        out.println("Option 1: stream equally from each dataset (nActive=3, rate=None).");
        out.println(
                "  MuxSource's default mode is SINGLE_ACTIVE: the three slots always hold three different");
        out.println(
                "  datasets. (Pescador's default, with_replacement, lets one dataset fill several slots");
        out.println(
                "  forever; the seed's configuration covers all three datasets only 2/9 of the time.)");
        show(out, builder(shards).stochastic(3), records, parallelism);

        out.println();
        out.println("Option 2: sample from one at a time (nActive=1, rate=1000).");
        show(out, builder(shards).stochastic(1, 1000.0), records, parallelism);
        return 0;
    }

    private static MuxSourceBuilder<Sample> builder(List<Path> shards) {
        MuxSourceBuilder<Sample> b = MuxSource.builder().rowOrder(RowOrder.RANDOM).seed(42);
        for (int i = 0; i < shards.size(); i++) {
            b.dataset("dataset" + (i + 1), 1.0, shards.get(i).toAbsolutePath().toString());
        }
        return b;
    }

    private static void show(
            PrintStream out, MuxSourceBuilder<Sample> builder, long records, int parallelism)
            throws Exception {
        for (Sample s : collect(builder.maxRecords(10).build(), 1, 10)) {
            out.println("  " + shapes(s));
        }
        long[] perDataset = new long[3];
        long total = 0;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        try (CloseableIterator<Sample> it =
                env.fromSource(
                                builder.maxRecords(records).build(),
                                WatermarkStrategy.noWatermarks(),
                                "mux")
                        .executeAndCollect()) {
            while (it.hasNext()) {
                perDataset[it.next().datasetIndex()]++;
                total++;
            }
        }
        StringBuilder shares = new StringBuilder("  realized shares over " + total + " records:");
        for (int d = 0; d < 3; d++) {
            shares.append(String.format(" dataset%d=%.3f", d + 1, perDataset[d] / (double) total));
        }
        out.println(shares);
    }

    private static List<Sample> collect(MuxSource<Sample> source, int parallelism, int limit)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                .executeAndCollect(limit);
    }

    /** The seed's print: {'X': (28, 28), 'Y': ()}. */
    static String shapes(Sample s) {
        StringBuilder out = new StringBuilder("{");
        for (int f = 0; f < s.layout().size(); f++) {
            out.append(f == 0 ? "" : ", ").append('\'').append(s.layout().name(f)).append("': ");
            out.append(InspectCommand.pythonTuple(s.layout().shape(f)));
        }
        return out.append('}').toString();
    }
}

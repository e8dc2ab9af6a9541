package io.github.muxsource.examples;

import io.github.muxsource.mux.Cursor;
import io.github.muxsource.mux.MuxSnapshots;
import io.github.muxsource.mux.ShuffledMux;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.mux.StochasticMux;
import io.github.muxsource.mux.Streamer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench-mux}: per-item overhead of a StochasticMux (nActive 3, rate 1000, binomial budgets,
 * weighted activation) over in-memory streams, against reading the same streams directly in the
 * same run. {@code --streams N} (default 3, weights 1, 2, 3, 1, 2, 3, ...) measures how the cost
 * grows with the number of streams a lane holds, without shard I/O; {@code --mux shuffled} measures
 * a ShuffledMux over the same streams instead, and {@code --state-version V} the draws of an older
 * mux state version (see docs/state.md).
 */
final class MuxBench {
    private static long sink;

    private MuxBench() {}

    /** An endless in-memory stream of one preallocated item per stream. */
    private static final class Constant implements Streamer<Object> {
        private final Object item = new Object();

        @Override
        public Cursor<Object> open(long seed) {
            return new Cursor<>() {
                @Override
                public Object next() {
                    return item;
                }

                @Override
                public void snapshot(DataOutput out) {}
            };
        }

        @Override
        public Cursor<Object> restore(DataInput in) {
            return open(0);
        }
    }

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args =
                new Args(
                        argv,
                        1,
                        Set.of(),
                        Set.of(
                                "items",
                                "rounds",
                                "n-active",
                                "rate",
                                "streams",
                                "mux",
                                "state-version"));
        long items = args.getLong("items", 20_000_000);
        int rounds = args.getInt("rounds", 5);
        int nActive = args.getInt("n-active", 3);
        double rate = MuxFlags.parseDouble("rate", args.get("rate", "1000"));
        int count = args.getInt("streams", 3);
        if (count < 1) {
            throw new Args.UsageException("--streams must be >= 1, got " + count);
        }
        List<Constant> streams = new ArrayList<>();
        double[] weights = new double[count];
        for (int i = 0; i < count; i++) {
            streams.add(new Constant());
            weights[i] = 1 + i % 3;
        }
        String kind = args.get("mux", "stochastic");
        int version = args.getInt("state-version", MuxSnapshots.CURRENT_VERSION);
        try {
            MuxSnapshots.checkVersion(version);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--state-version: " + e.getMessage());
        }
        Streamer<Object> mux =
                switch (kind) {
                    case "stochastic" ->
                            StochasticMux.builder(streams)
                                    .nActive(nActive)
                                    .rate(rate)
                                    .weights(weights)
                                    .mode(StochasticMode.WITH_REPLACEMENT)
                                    .build();
                    case "shuffled" -> new ShuffledMux<>(streams, weights);
                    default ->
                            throw new Args.UsageException(
                                    "--mux must be stochastic or shuffled, got '" + kind + "'");
                };
        Cursor<Object> direct = streams.get(0).open(0);
        double baseline =
                Timer.best(
                        2,
                        rounds,
                        () -> {
                            for (long i = 0; i < items; i++) {
                                sink += direct.next().hashCode() & 1;
                            }
                        });
        Cursor<Object> muxed = mux.open(7, version);
        double muxTime =
                Timer.best(
                        2,
                        rounds,
                        () -> {
                            for (long i = 0; i < items; i++) {
                                sink += muxed.next().hashCode() & 1;
                            }
                        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", items);
        result.put("mux", kind);
        result.put("state_version", version);
        result.put("streams", count);
        result.put("n_active", nActive);
        result.put("rate", rate);
        result.put("direct_ns_per_item", NpzBench.round(baseline * 1e9 / items));
        result.put("mux_ns_per_item", NpzBench.round(muxTime * 1e9 / items));
        result.put("overhead_ns_per_item", NpzBench.round((muxTime - baseline) * 1e9 / items));
        out.printf("direct stream   %.2f ns/item%n", result.get("direct_ns_per_item"));
        out.printf(
                "%-15s %.2f ns/item (overhead %.2f ns/item)%n",
                kind + " mux", result.get("mux_ns_per_item"), result.get("overhead_ns_per_item"));
        out.println(Json.write(result));
        return 0;
    }
}

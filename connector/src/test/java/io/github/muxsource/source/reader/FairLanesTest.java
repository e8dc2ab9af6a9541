package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.Cursor;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardInfo;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Every row of a dataset is drawn at one rate, whatever lane it lands in: lane plans over odd shard
 * layouts and every lane count from 1 to 8, run through the lanes' real muxes.
 *
 * <p>The statistic: with budget-1 activations ({@code nActive=1, rate=1, CONSTANT}) or the shuffled
 * mux, every record is an independent draw, so a dataset's per-row counts, given the dataset's
 * total, are multinomial. Under fairness every row has the same probability, and Pearson's
 * chi-square against equal counts has {@code rows − 1} degrees of freedom; it must stay under the 1
 * − 10⁻⁴ quantile. (Mixed records with larger budgets come in runs, which over-disperses counts:
 * that is why the budget is 1.)
 */
class FairLanesTest {
    /** Shard row counts per dataset: the layouts and a ragged one with an empty shard. */
    private static final long[][] NINE_EQUAL = {
        {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, {17, 400, 91}
    };

    private static final long[][] UNEQUAL = {{100, 1000, 5000}, {7, 13, 1, 250, 0, 33}};

    private static final int DRAWS_PER_ROW = 12;

    static Stream<Arguments> layoutsAndLaneCounts() {
        return Stream.of("nine-equal", "unequal")
                .flatMap(name -> IntStream.rangeClosed(1, 8).mapToObj(l -> Arguments.of(name, l)));
    }

    @ParameterizedTest(name = "{0} over {1} lanes, stochastic budget 1")
    @MethodSource("layoutsAndLaneCounts")
    void stochasticBudgetOneDrawsEveryRowAtOneRate(String layout, int lanes) {
        assertEveryRowDrawnAtOneRate(
                layout(layout),
                lanes,
                b ->
                        b.stochastic(1, 1.0)
                                .dist(BudgetDistribution.CONSTANT)
                                .mode(StochasticMode.WITH_REPLACEMENT));
    }

    @ParameterizedTest(name = "{0} over {1} lanes, shuffled mux")
    @MethodSource("layoutsAndLaneCounts")
    void shuffledMuxDrawsEveryRowAtOneRate(String layout, int lanes) {
        assertEveryRowDrawnAtOneRate(layout(layout), lanes, MuxSourceBuilder::shuffled);
    }

    @Test
    void theStatisticRejectsWholeShardsDealtRoundRobin() {
        // The plan this replaced: 9 whole shards over 8 lanes, lane 0 holding two of them.
        MuxConfig config = config(1, b -> b.shuffled());
        long[][] layout = NINE_EQUAL;
        List<LaneSplit> lanes = new ArrayList<>();
        for (int l = 0; l < 8; l++) {
            List<ShardSlice> slices = new ArrayList<>();
            for (int s = l; s < 9; s += 8) {
                slices.add(new ShardSlice(0, s, "mem:/" + s, 0, 1000, s == l ? 1.0 : 0.5));
            }
            if (l == 0) {
                slices.set(0, new ShardSlice(0, 0, "mem:/0", 0, 1000, 0.5));
            }
            slices.add(new ShardSlice(1, 0, "mem:/b", 0, 508, 2.0));
            lanes.add(LaneSplit.fresh(l, 8, slices, 0));
        }
        long[][] counts = draw(config, lanes, layout, 3 * 9000 * DRAWS_PER_ROW / 8);
        assertThat(chiSquare(counts[0])).isGreaterThan(critical(counts[0].length - 1));
    }

    @ParameterizedTest(name = "{0} over {1} lanes")
    @MethodSource("layoutsAndLaneCounts")
    void exhaustivePassDeliversEveryRowOnceAndMaxRecordsExactly(String name, int lanes) {
        long[][] layout = layout(name);
        long rows = total(layout[0]) + total(layout[1]);
        for (long max : new long[] {rows, rows - 1, rows / 3}) {
            MuxConfig config =
                    config(
                            max,
                            b ->
                                    b.stochastic(2, null)
                                            .mode(StochasticMode.EXHAUSTIVE)
                                            .rowOrder(RowOrder.SHUFFLED));
            List<LaneSplit> plan = LanePlanner.plan(config, shards(layout), lanes);
            long[][] counts = draw(config, plan, layout, Long.MAX_VALUE);
            long drawn = 0;
            for (long[] dataset : counts) {
                for (long c : dataset) {
                    assertThat(c).isBetween(0L, 1L);
                    drawn += c;
                }
            }
            assertThat(drawn).as("records with maxRecords=%d", max).isEqualTo(max);
        }
    }

    @ParameterizedTest(name = "{0} over {1} lanes")
    @MethodSource("layoutsAndLaneCounts")
    void everyLaneHoldsAnEqualShareOfEveryDataset(String name, int lanes) {
        long[][] layout = layout(name);
        List<LaneSplit> plan =
                LanePlanner.plan(config(-1, MuxSourceBuilder::shuffled), shards(layout), lanes);
        for (int d = 0; d < layout.length; d++) {
            long share = total(layout[d]) / lanes;
            for (LaneSplit lane : plan) {
                int dataset = d;
                long held =
                        lane.slices().stream()
                                .filter(s -> s.dataset() == dataset)
                                .mapToLong(ShardSlice::rows)
                                .sum();
                assertThat(held)
                        .as("dataset %d in lane %d", d, lane.lane())
                        .isBetween(share, share + 1);
            }
        }
    }

    private static void assertEveryRowDrawnAtOneRate(
            long[][] layout, int lanes, UnaryOperator<MuxSourceBuilder<Sample>> mux) {
        long rows = total(layout[0]) + total(layout[1]);
        MuxConfig config = config(rows * DRAWS_PER_ROW, mux);
        List<LaneSplit> plan = LanePlanner.plan(config, shards(layout), lanes);
        long[][] counts = draw(config, plan, layout, Long.MAX_VALUE);
        for (int d = 0; d < counts.length; d++) {
            assertThat(chiSquare(counts[d]))
                    .as("chi-square of dataset %d's %d rows", d, counts[d].length)
                    .isLessThan(critical(counts[d].length - 1));
        }
    }

    /** Runs every lane's mux to its quota (or {@code perLane}) and counts draws per row. */
    private static long[][] draw(
            MuxConfig config, List<LaneSplit> lanes, long[][] layout, long perLane) {
        long[][] counts = new long[layout.length][];
        long[][] firstRow = new long[layout.length][];
        for (int d = 0; d < layout.length; d++) {
            counts[d] = new long[(int) total(layout[d])];
            firstRow[d] = new long[layout[d].length];
            for (int s = 1; s < layout[d].length; s++) {
                firstRow[d][s] = firstRow[d][s - 1] + layout[d][s - 1];
            }
        }
        for (LaneSplit lane : lanes) {
            Cursor<RowRef> cursor =
                    LaneMuxFactory.build(config, lane)
                            .open(LaneMuxFactory.laneSeed(config, lane.lane()));
            RowRef ref;
            for (long n = 0; n < perLane && (ref = cursor.next()) != null; n++) {
                ShardSlice slice = lane.slices().get(ref.slice());
                counts[slice.dataset()][
                        (int) (firstRow[slice.dataset()][slice.shard()] + ref.row())]++;
            }
        }
        return counts;
    }

    private static double chiSquare(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = total / counts.length;
        double sum = 0;
        for (long c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    /** The chi-square quantile 1 − 10⁻⁴ by Wilson–Hilferty (z = 3.719), close for dof ≥ 10. */
    private static double critical(int dof) {
        double z = 3.719;
        double a = 2.0 / (9 * dof);
        return dof * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    private static MuxConfig config(long maxRecords, UnaryOperator<MuxSourceBuilder<Sample>> mux) {
        MuxSourceBuilder<Sample> b =
                MuxSource.builder()
                        .dataset("a", 1, SourceFixtures.dataset("alpha").toString())
                        .dataset("b", 2, SourceFixtures.dataset("beta").toString())
                        .rowOrder(RowOrder.RANDOM)
                        .seed(2026);
        b = mux.apply(b);
        if (maxRecords >= 0) {
            b.maxRecords(maxRecords);
        }
        return b.build().config();
    }

    private static List<List<ShardInfo>> shards(long[][] layout) {
        List<List<ShardInfo>> shards = new ArrayList<>();
        for (int d = 0; d < layout.length; d++) {
            List<ShardInfo> dataset = new ArrayList<>();
            for (int s = 0; s < layout[d].length; s++) {
                dataset.add(new ShardInfo("mem:/d" + d + "/s" + s, layout[d][s]));
            }
            shards.add(dataset);
        }
        return shards;
    }

    private static long[][] layout(String name) {
        return name.equals("nine-equal") ? NINE_EQUAL : UNEQUAL;
    }

    private static long total(long[] shards) {
        long sum = 0;
        for (long rows : shards) {
            sum += rows;
        }
        return sum;
    }
}

package io.github.muxsource.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.mux.Rng;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.split.ShardSlice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

class ShardDealerTest {
    private static final MuxConfig CONFIG =
            SourceFixtures.builder(1, 2, 3).checkShardsOnClient(false).build().config();

    /**
     * Rounds of random shards (tiny ones, empty ones, rounds with fewer rows than lanes): after
     * every round each lane holds within one row of every other lane, and every row of every shard
     * is in exactly one lane, in one slice per lane and shard.
     */
    @ParameterizedTest
    @CsvSource({"1, 3", "4, 1", "7, 2", "16, 3", "16, 40"})
    void everyRoundKeepsEveryLaneWithinOneRowAndDealsEveryRowOnce(int lanes, int maxShardRows) {
        ShardDealer dealer = ShardDealer.of(CONFIG, lanes);
        DatasetProgress progress = new DatasetProgress("layout", Set.of(), 0, 0, 0);
        long[] held = new long[lanes];
        Map<String, Integer> rowsSeen = new HashMap<>();
        Map<String, Long> shardRows = new HashMap<>();
        Rng rng = Rng.seeded(lanes * 31L + maxShardRows);
        for (int round = 0; round < 60; round++) {
            List<ShardInfo> shards = new ArrayList<>();
            int count = rng.nextInt(3);
            for (int i = 0; i < count; i++) {
                long rows = rng.nextInt(maxShardRows + 1);
                String path = "/d/r" + round + "-" + i + ".npz";
                shards.add(new ShardInfo(path, rows));
                shardRows.put(path, rows);
            }
            int firstIndex = progress.shards();
            List<List<ShardSlice>> dealt = dealer.deal(1, progress, shards);
            for (int l = 0; l < lanes; l++) {
                Set<String> shardsOfLane = new java.util.HashSet<>();
                for (ShardSlice s : dealt.get(l)) {
                    assertThat(s.rows()).isPositive();
                    assertThat(shardsOfLane.add(s.path())).as("one slice per shard").isTrue();
                    assertThat(s.shard() - firstIndex)
                            .isEqualTo(
                                    shards.indexOf(
                                            new ShardInfo(
                                                    s.path(),
                                                    s.rows() == 0 ? 0 : shardRows.get(s.path()))));
                    held[l] += s.rows();
                    for (long r = s.rowStart(); r < s.rowEnd(); r++) {
                        rowsSeen.merge(s.path() + "#" + r, 1, Integer::sum);
                    }
                }
            }
            long min = Long.MAX_VALUE;
            long max = 0;
            for (long h : held) {
                min = Math.min(min, h);
                max = Math.max(max, h);
            }
            assertThat(max - min).as("round %d: lanes %s", round, held).isLessThanOrEqualTo(1);
            assertThat(progress.dealt()).isEqualTo(java.util.Arrays.stream(held).sum());
        }
        long total = shardRows.values().stream().mapToLong(Long::longValue).sum();
        assertThat(rowsSeen).hasSize((int) total);
        assertThat(rowsSeen.values()).containsOnly(1);
    }

    @Test
    void oneRowShardsGoToTheLanesInTurnAcrossRounds() {
        ShardDealer dealer = ShardDealer.of(CONFIG, 3);
        DatasetProgress progress = new DatasetProgress("layout", Set.of(), 0, 0, 0);
        List<Integer> receivers = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            List<List<ShardSlice>> dealt =
                    dealer.deal(0, progress, List.of(new ShardInfo("/d/" + round + ".npz", 1)));
            for (int l = 0; l < 3; l++) {
                if (!dealt.get(l).isEmpty()) {
                    receivers.add(l);
                }
            }
        }
        assertThat(receivers).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    @Test
    void rowsFoundLaterWeighWhatTheFirstPlansRowsWeighed() {
        ShardDealer dealer = ShardDealer.of(CONFIG, 2);
        DatasetProgress progress = new DatasetProgress("layout", Set.of(), 0, 0, 0);
        // Dataset 2 has weight 3; the first plan deals 40 rows, 20 a lane: weight 3 per 20 rows.
        ShardSlice first =
                dealer.deal(2, progress, List.of(new ShardInfo("/a.npz", 40))).get(0).get(0);
        ShardSlice later =
                dealer.deal(2, progress, List.of(new ShardInfo("/b.npz", 10))).get(1).get(0);
        assertThat(first.weight()).isEqualTo(3.0);
        assertThat(later.rows()).isEqualTo(5);
        assertThat(later.weight()).isEqualTo(0.75);
        assertThat(progress.firstRows()).isEqualTo(40);
        assertThat(later.shard()).isEqualTo(1);
    }
}

package io.github.muxsource.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.ShardSlice;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

class LanePlannerTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8})
    void everyLaneHoldsEveryDatasetAndEveryRowLandsInExactlyOneLane(int laneCount)
            throws Exception {
        MuxConfig config = SourceFixtures.builder(1, 2, 3).build().config();
        List<List<ShardInfo>> shards = new ShardDiscovery(config).discover();
        List<LaneSplit> lanes = LanePlanner.plan(config, shards, laneCount);

        assertThat(lanes).hasSize(laneCount);
        assertThat(LanePlanner.plan(config, shards, laneCount)).isEqualTo(lanes);
        Map<String, Integer> rowsSeen = new HashMap<>();
        for (LaneSplit lane : lanes) {
            assertThat(lane.slices().stream().map(ShardSlice::dataset).distinct().sorted().toList())
                    .as("datasets of lane %d", lane.lane())
                    .containsExactly(0, 1, 2);
            double[] weightSum = new double[3];
            for (ShardSlice s : lane.slices()) {
                weightSum[s.dataset()] += s.weight();
                for (long r = s.rowStart(); r < s.rowEnd(); r++) {
                    rowsSeen.merge(s.dataset() + "/" + s.shard() + "/" + r, 1, Integer::sum);
                }
            }
            assertThat(weightSum[0]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(weightSum[1]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(weightSum[2]).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(rowsSeen).hasSize(SourceFixtures.TOTAL_ROWS);
        assertThat(rowsSeen.values()).containsOnly(1);
    }
}

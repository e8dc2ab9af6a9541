package io.github.muxsource.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.SourceFixtures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the ITCases keep of a sample: "lane:position:dataset/shard/row", after checking its bytes.
 */
final class LaneRecord {
    private LaneRecord() {}

    static String of(Sample s) {
        SourceFixtures.assertBytesMatchProvenance(s);
        return s.lane() + ":" + s.lanePosition() + ":" + SourceFixtures.key(s);
    }

    /**
     * Records grouped per lane in position order, asserting positions are 0..n-1 with no gap and no
     * duplicate; each lane's list holds the "dataset/shard/row" keys.
     */
    static Map<Integer, List<String>> perLane(Collection<String> records) {
        Map<Integer, TreeMap<Long, String>> byLane = new TreeMap<>();
        for (String r : records) {
            String[] parts = r.split(":");
            String previous =
                    byLane.computeIfAbsent(Integer.parseInt(parts[0]), k -> new TreeMap<>())
                            .put(Long.parseLong(parts[1]), parts[2]);
            assertThat(previous).as("duplicate record %s", r).isNull();
        }
        Map<Integer, List<String>> out = new TreeMap<>();
        byLane.forEach(
                (lane, positions) -> {
                    assertThat(positions.lastKey())
                            .as("positions of lane %d", lane)
                            .isEqualTo(positions.size() - 1L);
                    out.put(lane, new ArrayList<>(positions.values()));
                });
        return out;
    }
}

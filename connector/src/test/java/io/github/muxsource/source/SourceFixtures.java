package io.github.muxsource.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.npz.Fixtures;
import io.github.muxsource.sample.Sample;

import java.nio.file.Path;

/**
 * The three numpy-written datasets under {@code src/test/resources/mix}: alpha (4 stored shards ×
 * 50 rows), beta (2 stored × 80), gamma (1 deflated × 120). Row r of shard s of dataset d holds X =
 * (d, s, r % 256, r / 256) and Y = d·10^6 + s·10^4 + r.
 */
public final class SourceFixtures {
    public static final String[] NAMES = {"alpha", "beta", "gamma"};
    public static final int[][] SHARD_ROWS = {{50, 50, 50, 50}, {80, 80}, {120}};
    public static final int TOTAL_ROWS = 200 + 160 + 120;

    private SourceFixtures() {}

    public static Path dataset(String name) {
        return Fixtures.dir().resolveSibling("mix").resolve(name);
    }

    /** A builder over the three datasets with the given weights. */
    public static MuxSourceBuilder<Sample> builder(double... weights) {
        MuxSourceBuilder<Sample> b = MuxSource.builder();
        for (int d = 0; d < NAMES.length; d++) {
            b.dataset(
                    NAMES[d], weights.length == 0 ? 1.0 : weights[d], dataset(NAMES[d]).toString());
        }
        return b;
    }

    /** Asserts that the sample's bytes are the row its provenance names. */
    public static void assertBytesMatchProvenance(Sample s) {
        long expected = s.datasetIndex() * 1_000_000L + s.shardIndex() * 10_000L + s.row();
        assertThat(s.getLong("Y", 0)).as("%s", s).isEqualTo(expected);
        assertThat(s.getInts("X"))
                .containsExactly(
                        s.datasetIndex(),
                        s.shardIndex(),
                        (int) (s.row() % 256),
                        (int) (s.row() / 256));
    }

    /** (lane, position) → (dataset, shard, row) as one comparable key. */
    public static String key(Sample s) {
        return s.datasetIndex() + "/" + s.shardIndex() + "/" + s.row();
    }
}

package io.github.muxsource.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.source.SourceFixtures;
import io.github.muxsource.testing.Numpy;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code muxsource} SQL connector on a MiniCluster at parallelism 2, in batch mode, over
 * numpy-written shards; expected values come from how the fixtures were defined, never from our own
 * reader.
 */
class MuxTableFactoryITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path extras;

    /** The DDL of the issue's example, over the alpha and beta fixtures. */
    static String mixedTable(String columns) {
        return mixedTable(columns, "");
    }

    /** The example's DDL with more options ({@code , 'key' = 'value'...}). */
    private static String mixedTable(String columns, String moreOptions) {
        return "CREATE TABLE mixed ("
                + columns
                + ") WITH ('connector' = 'muxsource',"
                + " 'dataset.alpha.path' = '"
                + SourceFixtures.dataset("alpha")
                + "', 'dataset.alpha.weight' = '1',"
                + " 'dataset.beta.path' = '"
                + SourceFixtures.dataset("beta")
                + "/*.npz', 'dataset.beta.weight' = '3',"
                + " 'mux' = 'stochastic', 'n-active' = '2', 'rate' = 'none', 'mode' = 'exhaustive',"
                + " 'row-order' = 'sequential', 'seed' = '4', 'max-records' = '1000000'"
                + moreOptions
                + ")";
    }

    static final String EXAMPLE_COLUMNS =
            "X BYTES, Y BIGINT, ds STRING METADATA FROM 'dataset' VIRTUAL,"
                    + " rw BIGINT METADATA FROM 'row' VIRTUAL,"
                    + " sh STRING METADATA FROM 'shard' VIRTUAL,"
                    + " lane_no INT METADATA FROM 'lane' VIRTUAL";

    @BeforeAll
    static void writeShardsWithExtras() throws Exception {
        // Row r of shard s: X[i][j] = r + 10 i + j (u1, 2x3), Y = r / 4 (f2), L = 'r<r>' (U5);
        // beside them a 0-d scalar and an array of another length, which only a selection skips.
        Numpy.run(
                String.join(
                        "\n",
                        "import sys, os, numpy as np",
                        "for s in range(2):",
                        "    r = np.arange(7) + 100 * s",
                        "    x = (r[:, None, None] + 10 * np.arange(2)[None, :, None]"
                                + " + np.arange(3)[None, None, :]).astype('u1')",
                        "    np.savez(os.path.join(sys.argv[1], f'part-{s}.npz'), X=x,"
                                + " Y=(r / 4).astype('<f2'), L=np.array([f'r{v}' for v in r],"
                                + " dtype='<U5'), s=np.array(3.5), Z=np.arange(2))"),
                extras);
    }

    private static TableEnvironment batch() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
    }

    private static List<Row> collect(TableEnvironment tables, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tables.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** By dataset: its rows, the sum of Y, the sum of row numbers, and its shards. */
    private static Map<String, long[]> expectedCountsAndSums() {
        Map<String, long[]> expected = new HashMap<>();
        for (int d = 0; d < 2; d++) {
            long count = 0;
            long sumY = 0;
            long sumRow = 0;
            for (int s = 0; s < SourceFixtures.SHARD_ROWS[d].length; s++) {
                for (int r = 0; r < SourceFixtures.SHARD_ROWS[d][s]; r++) {
                    count++;
                    sumY += d * 1_000_000L + s * 10_000L + r;
                    sumRow += r;
                }
            }
            expected.put(
                    SourceFixtures.NAMES[d],
                    new long[] {count, sumY, sumRow, SourceFixtures.SHARD_ROWS[d].length});
        }
        return expected;
    }

    @Test
    void theIssueExampleCountsAndSumsEveryRowOnceInBatchMode() throws Exception {
        TableEnvironment tables = batch();
        tables.executeSql(mixedTable(EXAMPLE_COLUMNS));
        Map<String, long[]> expected = expectedCountsAndSums();
        List<Row> rows =
                collect(
                        tables,
                        "SELECT ds, COUNT(*), SUM(Y), SUM(rw), COUNT(DISTINCT sh), COUNT(DISTINCT lane_no)"
                                + " FROM mixed GROUP BY ds");
        assertThat(rows).hasSize(2);
        for (Row row : rows) {
            long[] e = expected.get((String) row.getField(0));
            assertThat(new long[] {(Long) row.getField(1), (Long) row.getField(2)})
                    .as("%s", row)
                    .containsExactly(e[0], e[1]);
            assertThat(((Number) row.getField(3)).longValue()).isEqualTo(e[2]);
            assertThat((Long) row.getField(4)).isEqualTo(e[3]);
            assertThat((Long) row.getField(5))
                    .as("every lane emits (default: 4 lanes per reader, parallelism 2)")
                    .isEqualTo(2L * io.github.muxsource.source.MuxConfig.DEFAULT_LANES_PER_READER);
        }
    }

    /**
     * A table with the reader limits at their tightest (one open and one mapped shard, nothing on
     * the heap, no prefetching) passes the factory's checks and reads every row once. That the
     * options reach the source's settings is {@code MuxTableOptionsTest}'s to show; {@code
     * skip-bad-shards} and {@code shard-cache-bytes} are only accepted here: there is no bad or
     * remote shard to act on.
     */
    @Test
    void readingOptionsAtTheirTightestStillReadEveryRowOnce() throws Exception {
        TableEnvironment tables = batch();
        tables.executeSql(
                mixedTable(
                        "Y BIGINT, ds STRING METADATA FROM 'dataset' VIRTUAL,"
                                + " rw BIGINT METADATA FROM 'row' VIRTUAL",
                        ", 'skip-bad-shards' = 'true', 'max-open-shards' = '1',"
                                + " 'max-mapped-shards' = '1', 'heap-shard-bytes' = '0',"
                                + " 'lookahead-records' = '0', 'shard-cache-bytes' = '1 mb'"));
        Map<String, long[]> expected = expectedCountsAndSums();
        List<Row> rows =
                collect(tables, "SELECT ds, COUNT(*), SUM(Y), SUM(rw) FROM mixed GROUP BY ds");
        assertThat(rows).hasSize(2);
        for (Row row : rows) {
            long[] e = expected.get((String) row.getField(0));
            assertThat(
                            new long[] {
                                (Long) row.getField(1),
                                (Long) row.getField(2),
                                ((Number) row.getField(3)).longValue()
                            })
                    .as("%s", row)
                    .containsExactly(e[0], e[1], e[2]);
        }
    }

    @Test
    void bytesAndMetadataAreTheRowTheFixtureDefines() throws Exception {
        TableEnvironment tables = batch();
        tables.executeSql(mixedTable(EXAMPLE_COLUMNS));
        List<Row> rows = collect(tables, "SELECT X, Y, ds, rw, sh FROM mixed");
        assertThat(rows).hasSize(200 + 160);
        for (Row row : rows) {
            int d = List.of(SourceFixtures.NAMES).indexOf((String) row.getField(2));
            String shard = (String) row.getField(4);
            int s = Integer.parseInt(shard.substring(shard.length() - 6, shard.length() - 4));
            long r = (Long) row.getField(3);
            assertThat(shard).contains("/" + SourceFixtures.NAMES[d] + "/part-");
            assertThat((byte[]) row.getField(0))
                    .as("%s", row)
                    .containsExactly(d, s, (int) (r % 256), (int) (r / 256));
            assertThat((Long) row.getField(1)).isEqualTo(d * 1_000_000L + s * 10_000L + r);
        }
    }

    @Test
    void typedColumnsTakeShapedScalarAndStringFieldsAndIgnoreExtras() throws Exception {
        TableEnvironment tables = batch();
        tables.executeSql(
                "CREATE TABLE shaped (X ARRAY<ARRAY<INT>>, Y FLOAT, L STRING,"
                        + " rw BIGINT METADATA FROM 'row' VIRTUAL,"
                        + " sh STRING METADATA FROM 'shard' VIRTUAL) WITH ("
                        + " 'connector' = 'muxsource', 'dataset.only.path' = '"
                        + extras
                        + "', 'mux' = 'chain', 'mode' = 'exhaustive', 'row-order' = 'sequential')");
        List<Row> rows = collect(tables, "SELECT X, Y, L, rw, sh FROM shaped");
        assertThat(rows).hasSize(14);
        for (Row row : rows) {
            String shard = (String) row.getField(4);
            long r = (Long) row.getField(3) + (shard.endsWith("part-1.npz") ? 100 : 0);
            Integer[][] x = (Integer[][]) row.getField(0);
            assertThat(x).hasDimensions(2, 3);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(x[i][j]).isEqualTo((int) ((r + 10 * i + j) % 256));
                }
            }
            assertThat((Float) row.getField(1)).isEqualTo(r / 4f);
            assertThat(row.getField(2)).isEqualTo("r" + r);
        }
    }

    @Test
    void aColumnThatCannotTakeItsArrayIsRefusedAtPlanningWithWhatWouldFit() {
        TableEnvironment tables = batch();
        tables.executeSql(mixedTable("X BIGINT, Y BIGINT"));
        assertThatThrownBy(() -> tables.executeSql("SELECT X FROM mixed"))
                .hasStackTraceContaining(
                        "column 'X' BIGINT cannot take array 'X' of dataset 'alpha' (|u1, row"
                                + " shape (4,)")
                .hasStackTraceContaining("a scalar type needs row shape ()")
                .hasStackTraceContaining("it fits BYTES, ARRAY<SMALLINT>, ARRAY<INT>");
        tables.executeSql(
                "CREATE TABLE missing (Q BIGINT) WITH ('connector' = 'muxsource',"
                        + " 'dataset.a.path' = '"
                        + SourceFixtures.dataset("alpha")
                        + "')");
        assertThatThrownBy(() -> tables.executeSql("SELECT Q FROM missing"))
                .hasStackTraceContaining("no array 'Q' to read (the archive holds X, Y)");
    }

    @Test
    void aQueryReadsOnlyTheArraysItSelects() {
        TableEnvironment tables = batch();
        tables.executeSql(mixedTable(EXAMPLE_COLUMNS));
        String plan = tables.explainSql("SELECT Y, ds FROM mixed");
        assertThat(plan).contains("project=[Y]").contains("metadata=[dataset]");
    }
}

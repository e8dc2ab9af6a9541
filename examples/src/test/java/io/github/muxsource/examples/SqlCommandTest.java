package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code sql FILE.sql}, end to end on the embedded Flink, its output judged by Python. */
class SqlCommandTest {
    private static final Path MIX =
            Path.of("../connector/src/test/resources/mix").toAbsolutePath().normalize();

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theIssueExampleRunsInBatchModeAndPrintsOneJsonObjectPerRow(@TempDir Path dir)
            throws Exception {
        Path sql = dir.resolve("mix.sql");
        Files.writeString(
                sql,
                String.join(
                        "\n",
                        "-- the example of docs/sql.md; a ';' in a comment or 'string;' is no end",
                        "SET 'execution.runtime-mode' = 'batch';",
                        "SET 'parallelism.default' = '2';",
                        "CREATE TABLE mixed (",
                        "  X BYTES, Y BIGINT,",
                        "  ds STRING METADATA FROM 'dataset' VIRTUAL,",
                        "  rw BIGINT METADATA FROM 'row' VIRTUAL",
                        ") WITH (",
                        "  'connector' = 'muxsource',",
                        "  'dataset.alpha.path' = '" + MIX.resolve("alpha") + "',",
                        "  'dataset.alpha.weight' = '1',",
                        "  'dataset.beta.path' = '" + MIX.resolve("beta") + "/*.npz',",
                        "  'dataset.beta.weight' = '3',",
                        "  'mux' = 'stochastic', 'n-active' = '2', 'rate' = 'none',",
                        "  'mode' = 'exhaustive', 'row-order' = 'sequential', 'seed' = '4',",
                        "  'max-records' = '1000000'",
                        ");",
                        "SELECT ds, COUNT(*) AS n, SUM(Y) AS sum_y, SUM(rw) AS sum_row",
                        "  FROM mixed GROUP BY ds;",
                        "SELECT X, Y, ds, rw FROM mixed WHERE Y = 1010042 OR Y = 42;"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = run(out, err, "sql", sql.toString());
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path lines = dir.resolve("out.jsonl");
        Files.writeString(lines, out.toString(StandardCharsets.UTF_8));
        // Expected values from the fixtures' definition (make_fixtures.py mix_datasets): row r of
        // shard s of dataset d has Y = d*10^6 + s*10^4 + r and X = bytes (d, s, r % 256, r // 256).
        assertThat(
                        Numpy.run(
                                String.join(
                                        "\n",
                                        "import json, sys, base64",
                                        "rows = [json.loads(l) for l in open(sys.argv[1])]",
                                        "groups = {r['ds']: r for r in rows if 'n' in r}",
                                        "for d, (name, shards, n) in enumerate([('alpha', 4, 50),"
                                                + " ('beta', 2, 80)]):",
                                        "    ys = [d*10**6 + s*10**4 + r for s in range(shards)"
                                                + " for r in range(n)]",
                                        "    g = groups.pop(name)",
                                        "    assert g == {'ds': name, 'n': len(ys), 'sum_y': sum(ys),"
                                                + " 'sum_row': shards * sum(range(n))}, g",
                                        "assert not groups, groups",
                                        "picked = sorted((r for r in rows if 'X' in r),"
                                                + " key=lambda r: r['Y'])",
                                        "assert [list(base64.b64decode(r['X'])) for r in picked]"
                                                + " == [[0, 0, 42, 0], [1, 1, 42, 0]], picked",
                                        "assert [(r['ds'], r['rw']) for r in picked]"
                                                + " == [('alpha', 42), ('beta', 42)], picked",
                                        "print(len(rows))"),
                                lines))
                .isEqualTo("4");
    }

    @Test
    void aFailingStatementIsNamedOnOneLine(@TempDir Path dir) throws Exception {
        Path sql = dir.resolve("bad.sql");
        Files.writeString(
                sql,
                "CREATE TABLE t (X BIGINT) WITH ('connector' = 'muxsource', 'dataset.a.path' = '"
                        + MIX.resolve("alpha")
                        + "');\nSELECT X FROM t;\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(out, err, "sql", sql.toString())).isEqualTo(1);
        List<String> lines = err.toString(StandardCharsets.UTF_8).strip().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("error: " + sql + ", statement 2: ")
                .contains("column 'X' BIGINT cannot take array 'X'")
                .contains("|u1, row shape (4,)");
    }

    @Test
    void statementsSplitOutsideQuotesAndComments() {
        assertThat(
                        SqlStatements.split(
                                "SET 'a' = 'x;y'; -- no ; here\nSELECT 'it''s;' /* ; */ FROM t;;"))
                .containsExactly("SET 'a' = 'x;y'", "SELECT 'it''s;'   FROM t");
    }
}

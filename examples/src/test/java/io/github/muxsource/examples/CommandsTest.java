package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI, end to end, checked by reading its output with numpy. */
class CommandsTest {
    private static final Path FIXTURES =
            Path.of("../connector/src/test/resources").toAbsolutePath().normalize();
    private static final Path MIX = FIXTURES.resolve("mix");

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] mixArgs(Path output, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "mix",
                                "--dataset",
                                "alpha=" + MIX.resolve("alpha"),
                                "--dataset",
                                "beta="
                                        + MIX.resolve("beta/part-00.npz")
                                        + ","
                                        + MIX.resolve("beta/part-01.npz"),
                                "--dataset",
                                "gamma=" + MIX.resolve("gamma") + "/*.npz",
                                "--weight",
                                "gamma=2",
                                "--seed",
                                "3",
                                "--parallelism",
                                "2",
                                "--output",
                                output.toString(),
                                "--rows-per-file",
                                "64",
                                "--provenance"));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    @Test
    void inspectJsonAgreesWithNumpyOnEveryFixture() throws Exception {
        List<String> args = new ArrayList<>(List.of("inspect", "--json"));
        try (var files = Files.list(FIXTURES.resolve("npz"))) {
            files.map(Path::toString)
                    .filter(f -> f.endsWith(".npz") && !f.contains("bad_"))
                    .sorted()
                    .forEach(args::add);
        }
        CliRun r = run(args.toArray(new String[0]));
        assertThat(r.status()).as(r.err()).isZero();
        Path lines = Files.createTempFile("inspect", ".jsonl");
        Files.writeString(lines, r.out());
        assertThat(
                        Numpy.run(
                                String.join(
                                        "\n",
                                        "import json, sys, numpy as np, zipfile, hashlib",
                                        "n = 0",
                                        "for line in open(sys.argv[1]):",
                                        "    rec = json.loads(line)",
                                        "    infos = {i.filename: i for i in zipfile.ZipFile(rec['path']).infolist()}",
                                        "    with np.load(rec['path']) as z:",
                                        "        assert [e['name'] for e in rec['entries']] == z.files, rec['path']",
                                        "        for e in rec['entries']:",
                                        "            a = z[e['name']]",
                                        "            assert e['descr'] == np.lib.format.dtype_to_descr(a.dtype), e",
                                        "            assert e['shape'] == list(a.shape), e",
                                        "            assert e['fortran_order'] == bool(a.flags.f_contiguous and not a.flags.c_contiguous), e",
                                        "            assert e['compressed'] == (infos[e['name'] + '.npy'].compress_type != zipfile.ZIP_STORED), e",
                                        "            assert e['sha256'] == hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest(), e",
                                        "            n += 1",
                                        "print(n)"),
                                lines))
                .isEqualTo(String.valueOf(countArrays(r.out())));
    }

    @Test
    void inspectReportsBadFilesOnOneLineAndGoesOn() {
        CliRun r =
                run(
                        "inspect",
                        "--json",
                        FIXTURES.resolve("npz/bad_magic.npz").toString(),
                        FIXTURES.resolve("npz/onehot.npz").toString(),
                        FIXTURES.resolve("npz/bad_truncated.npz").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out().strip().split("\n")).hasSize(1);
        assertThat(r.err().strip().split("\n"))
                .hasSize(2)
                .anySatisfy(
                        l -> assertThat(l).contains("bad_magic.npz [X.npy]").contains("bad magic"))
                .anySatisfy(l -> assertThat(l).contains("bad_truncated.npz").contains("truncated"));
    }

    @Test
    void mixWritesWhatNumpyLoadsAndTheSameFlagsGiveTheSameFiles(@TempDir Path dir)
            throws Exception {
        CliRun first =
                run(
                        mixArgs(
                                dir.resolve("a"),
                                "--max-records",
                                "500",
                                "--n-active",
                                "3",
                                "--rate",
                                "10"));
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.lastLine())
                .matches(
                        "\\{\"records\": 500, \"per_dataset\": \\{\"alpha\": \\d+, \"beta\": \\d+, \"gamma\": \\d+}, \"files\": \\d+}");
        String verdict =
                Numpy.run(
                        String.join(
                                "\n",
                                "import glob, json, sys, numpy as np",
                                "d = sys.argv[1]",
                                "summary = json.load(open(d + '/_SUCCESS'))",
                                "files = sorted(glob.glob(d + '/part-*.npz'))",
                                "assert len(files) == summary['files']",
                                "counts = [0, 0, 0]",
                                "total = 0",
                                "for f in files:",
                                "    z = np.load(f)",
                                "    assert z['X'].dtype == np.uint8 and z['X'].shape[1:] == (4,)",
                                "    assert z['_dataset'].dtype == np.int32 and z['_shard'].dtype == np.int32 and z['_row'].dtype == np.int64",
                                "    assert (z['Y'] == z['_dataset'] * 10**6 + z['_shard'] * 10**4 + z['_row']).all()",
                                "    assert (z['X'][:, 0] == z['_dataset']).all() and (z['X'][:, 2] == z['_row'] % 256).all()",
                                "    assert len(z['X']) <= 64",
                                "    for k in range(3): counts[k] += int((z['_dataset'] == k).sum())",
                                "    total += len(z['X'])",
                                "assert total == summary['records'] == 500",
                                "assert counts == [summary['per_dataset'][n] for n in ('alpha', 'beta', 'gamma')]",
                                "print('ok')"),
                        dir.resolve("a"));
        assertThat(verdict).isEqualTo("ok");

        CliRun second =
                run(
                        mixArgs(
                                dir.resolve("b"),
                                "--max-records",
                                "500",
                                "--n-active",
                                "3",
                                "--rate",
                                "10"));
        assertThat(second.lastLine()).isEqualTo(first.lastLine());
        try (var files = Files.list(dir.resolve("a"))) {
            for (Path p :
                    files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                assertThat(dir.resolve("b").resolve(p.getFileName())).hasSameBinaryContentAs(p);
            }
        }
    }

    @Test
    void mixWithBatchesWritesTheSameFilesAsWithout(@TempDir Path dir) throws Exception {
        String[] flags = {"--max-records", "500", "--n-active", "3", "--rate", "10"};
        CliRun records = run(mixArgs(dir.resolve("records"), flags));
        assertThat(records.status()).as(records.err()).isZero();
        List<String> batchFlags = new ArrayList<>(List.of(flags));
        batchFlags.addAll(List.of("--batch-size", "50"));
        CliRun batches = run(mixArgs(dir.resolve("batches"), batchFlags.toArray(new String[0])));
        assertThat(batches.status()).as(batches.err()).isZero();
        // Each of the 2 readers sends its rows in batches of 50, its last one shorter: 10 or 11.
        assertThat(batches.lastLine())
                .matches(
                        java.util.regex.Pattern.quote(
                                        records.lastLine()
                                                .substring(0, records.lastLine().length() - 1))
                                + ", \"batch_size\": 50, \"batches\": 1[01]}");
        try (var files = Files.list(dir.resolve("records"))) {
            List<Path> parts =
                    files.filter(f -> f.getFileName().toString().startsWith("part-")).toList();
            assertThat(parts).isNotEmpty();
            for (Path p : parts) {
                assertThat(dir.resolve("batches").resolve(p.getFileName()))
                        .hasSameBinaryContentAs(p);
            }
        }
    }

    @Test
    void exhaustiveMixHoldsEveryRowOnce(@TempDir Path dir) throws Exception {
        CliRun r =
                run(mixArgs(dir, "--mode", "exhaustive", "--row-order", "shuffled", "--compress"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(
                        Numpy.run(
                                String.join(
                                        "\n",
                                        "import glob, sys, numpy as np",
                                        "keys = np.concatenate([np.load(f)['Y'] for f in glob.glob(sys.argv[1] + '/part-*.npz')])",
                                        "assert len(keys) == len(set(keys.tolist())) == 480, len(keys)",
                                        "print('ok')"),
                                dir))
                .isEqualTo("ok");
    }

    /**
     * {@code DIR/data} holding {@code good.npz} (numpy's beta part 0) and {@code zbad.npz}, a zip
     * header cut short; returns {@code DIR/data}.
     */
    static Path aGoodAndABrokenShard(Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.copy(MIX.resolve("beta/part-00.npz"), data.resolve("good.npz"));
        Files.write(data.resolve("zbad.npz"), new byte[] {'P', 'K', 3, 4, 0});
        return data;
    }

    @Test
    void badInputExitsNonZeroWithOneLineNamingTheFileAndLeavesNoParts(@TempDir Path dir)
            throws Exception {
        Path data = aGoodAndABrokenShard(dir);
        CliRun r =
                run(
                        "mix",
                        "--dataset",
                        "d=" + data,
                        "--max-records",
                        "10",
                        "--output",
                        dir.resolve("out").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains("zbad.npz")
                .contains("not a zip archive");
        assertThat(dir.resolve("out/_SUCCESS")).doesNotExist();

        CliRun mismatch =
                run(
                        "mix",
                        "--dataset",
                        "a=" + MIX.resolve("alpha"),
                        "--dataset",
                        "o=" + FIXTURES.resolve("npz/onehot.npz"),
                        "--max-records",
                        "10",
                        "--output",
                        dir.resolve("out2").toString());
        assertThat(mismatch.status()).isEqualTo(1);
        assertThat(mismatch.err()).contains("onehot.npz").contains("differ");

        CliRun badFlag =
                run(
                        "mix",
                        "--dataset",
                        "a=" + MIX.resolve("alpha"),
                        "--rate",
                        "0.5",
                        "--max-records",
                        "10",
                        "--output",
                        dir.resolve("out3").toString());
        assertThat(badFlag.status()).isEqualTo(2);
        assertThat(badFlag.err()).contains("rate must be >= 1");
    }

    @Test
    void benchMuxTimesTheShuffledMuxAtTheStateVersionAsked() {
        CliRun r =
                run(
                        "bench-mux",
                        "--mux",
                        "shuffled",
                        "--streams",
                        "50",
                        "--items",
                        "20000",
                        "--rounds",
                        "1",
                        "--state-version",
                        "2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lastLine())
                .startsWith("{\"items\": 20000, \"mux\": \"shuffled\", \"state_version\": 2, ")
                .contains("\"streams\": 50");
        assertThat(run("bench-mux", "--mux", "chain").err())
                .contains("--mux must be stochastic or shuffled, got 'chain'");
        assertThat(run("bench-mux", "--state-version", "9").err())
                .contains("--state-version: unknown mux state version 9");
    }

    @Test
    void aBadCommandLineExitsWithStatus2AndOneLine() {
        for (String[] args :
                List.of(
                        new String[] {},
                        new String[] {"nope"},
                        new String[] {"mix", "--no-such-flag", "1"},
                        new String[] {"mix", "--dataset", "a=" + MIX.resolve("alpha")},
                        new String[] {"bench", "--dataset", "a=" + MIX.resolve("alpha")},
                        new String[] {
                            "mix",
                            "--dataset",
                            "a=" + MIX.resolve("alpha"),
                            "--max-records",
                            "-1",
                            "--output",
                            "unused"
                        },
                        new String[] {"inspect"})) {
            CliRun r = run(args);
            assertThat(r.status()).as("%s: %s", List.of(args), r.err()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            if (args.length > 0) {
                assertThat(r.err().strip()).startsWith("error: ").doesNotContain("\n");
            }
        }
    }

    @Test
    void aWeightScheduleMovesTheSharesOfMixAndBadStepsAreUsageErrors(@TempDir Path dir) {
        // One lane, budget-1 draws: 10,000 records at 1:1:1, then 10,000 with gamma at 8 (1:1:8).
        CliRun r =
                run(
                        "mix",
                        "--dataset",
                        "alpha=" + MIX.resolve("alpha"),
                        "--dataset",
                        "beta=" + MIX.resolve("beta"),
                        "--dataset",
                        "gamma=" + MIX.resolve("gamma"),
                        "--n-active",
                        "1",
                        "--rate",
                        "1",
                        "--dist",
                        "constant",
                        "--mode",
                        "with_replacement",
                        "--weight-schedule",
                        "10000:gamma=8",
                        "--lanes",
                        "1",
                        "--max-records",
                        "20000",
                        "--output",
                        dir.resolve("out").toString());
        assertThat(r.status()).as(r.err()).isZero();
        long gamma = Long.parseLong(r.lastLine().replaceAll(".*\"gamma\": (\\d+).*", "$1"));
        // Two binomial segments: mean 10,000/3 + 8,000, σ² = 10,000·(2/9) + 10,000·0.16.
        double sigma = Math.sqrt(10_000 * 2.0 / 9 + 10_000 * 0.16);
        assertThat(Math.abs(gamma - (10_000 / 3.0 + 8000))).isLessThan(4 * sigma);

        for (String step : List.of("gamma=8", "10:zeta=1", "10:gamma=0")) {
            CliRun bad =
                    run(
                            "mix",
                            "--dataset",
                            "gamma=" + MIX.resolve("gamma"),
                            "--weight-schedule",
                            step,
                            "--max-records",
                            "10",
                            "--output",
                            dir.resolve("unused").toString());
            assertThat(bad.status()).as(step).isEqualTo(2);
            assertThat(bad.err().strip()).startsWith("error: ").doesNotContain("\n");
        }
    }

    private static long countArrays(String jsonLines) {
        return jsonLines.lines().mapToLong(l -> l.split("\"sha256\"").length - 1).sum();
    }

    @Test
    void fieldsSelectTheRowArraysOfShardsWithExtras(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Numpy.run(
                String.join(
                        "\n",
                        "import sys, numpy as np",
                        "for s in range(2):",
                        "    np.savez(f'{sys.argv[1]}/part-{s}.npz', X=np.arange(12, dtype='u1').reshape(6, 2),",
                        "        Y=np.arange(6, dtype='<i8') + 10 * s, scale=np.array(0.5), names=np.arange(3))"),
                data);
        String[] common = {
            "mix",
            "--dataset",
            "d=" + data,
            "--mode",
            "exhaustive",
            "--row-order",
            "sequential",
            "--output",
            dir.resolve("out").toString()
        };
        CliRun refused = run(common);
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().strip())
                .doesNotContain("\n")
                .contains("part-0.npz [names.npy]: row counts differ")
                .contains("scale 0-d")
                .contains("--fields X,Y");

        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of("--fields", "Y,X"));
        CliRun r = run(args.toArray(new String[0]));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(
                        Numpy.run(
                                String.join(
                                        "\n",
                                        "import glob, sys, numpy as np",
                                        "parts = [np.load(f) for f in sorted(glob.glob(sys.argv[1] + '/part-*.npz'))]",
                                        "assert all(p.files == ['Y', 'X'] for p in parts), [p.files for p in parts]",
                                        "ys = sorted(np.concatenate([p['Y'] for p in parts]).tolist())",
                                        "assert ys == list(range(6)) + list(range(10, 16)), ys",
                                        "print('ok')"),
                                dir.resolve("out")))
                .isEqualTo("ok");
    }
}

package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code mix}, {@code bench} and {@code bench-remote} reading {@code s3://} shards from a real
 * S3-compatible server (moto on loopback), configured with {@code --conf}.
 */
class S3CommandsTest {
    private static final Path MIX =
            Path.of("../connector/src/test/resources/mix").toAbsolutePath().normalize();

    @TempDir static Path compressed;

    private static MotoS3 moto;

    /** The mix fixtures, deflated by numpy ({@code np.savez_compressed}), on S3. */
    @BeforeAll
    static void startMoto() throws Exception {
        Numpy.run(
                String.join(
                        "\n",
                        "import glob, os, sys, numpy as np",
                        "out = sys.argv[1]",
                        "for f in glob.glob('" + MIX + "/*/*.npz'):",
                        "    d = os.path.join(out, os.path.basename(os.path.dirname(f)))",
                        "    os.makedirs(d, exist_ok=True)",
                        "    np.savez_compressed(os.path.join(d, os.path.basename(f)), **np.load(f))"),
                compressed);
        moto = MotoS3.start();
        moto.createBucket("shards");
        for (String name : List.of("alpha", "beta", "gamma")) {
            try (Stream<Path> files = Files.list(compressed.resolve(name))) {
                for (Path f : files.toList()) {
                    moto.upload(f, "shards", name + "/" + f.getFileName());
                }
            }
        }
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    private static CliRun run(List<String> args) {
        return CliRun.of(args);
    }

    private static List<String> s3Conf() {
        return List.of(
                "--conf", "s3.endpoint=" + moto.endpoint(),
                "--conf", "s3.path.style.access=true",
                "--conf", "s3.access-key=K",
                "--conf", "s3.secret-key=S");
    }

    private static List<String> datasets(String alpha, String beta, String gamma) {
        return List.of(
                "--dataset", "alpha=" + alpha,
                "--dataset", "beta=" + beta,
                "--dataset", "gamma=" + gamma,
                "--weight", "gamma=2",
                "--seed", "5",
                "--parallelism", "2",
                "--n-active", "3",
                "--rate", "10",
                "--max-records", "400");
    }

    @Test
    void mixOfDeflatedShardsOnS3WritesTheSameFilesAsTheStoredShardsOnDiskAndLeavesNoSpill(
            @TempDir Path dir) throws Exception {
        List<String> remote = new ArrayList<>(List.of("mix"));
        remote.addAll(
                datasets("s3://shards/alpha/", "s3://shards/beta/*.npz", "s3://shards/gamma"));
        remote.addAll(s3Conf());
        remote.addAll(
                List.of(
                        "--spill-dir", dir.resolve("spill").toString(),
                        "--output", dir.resolve("remote").toString(),
                        "--rows-per-file", "64"));
        CliRun fromS3 = run(remote);
        assertThat(fromS3.status()).as(fromS3.err()).isZero();

        List<String> local = new ArrayList<>(List.of("mix"));
        local.addAll(
                datasets(
                        MIX.resolve("alpha").toString(),
                        MIX.resolve("beta") + "/*.npz",
                        MIX.resolve("gamma").toString()));
        local.addAll(List.of("--output", dir.resolve("local").toString(), "--rows-per-file", "64"));
        CliRun fromDisk = run(local);
        assertThat(fromDisk.status()).as(fromDisk.err()).isZero();

        assertThat(fromS3.lastLine()).isEqualTo(fromDisk.lastLine()).contains("\"records\": 400");
        try (Stream<Path> files = Files.list(dir.resolve("local"))) {
            for (Path p :
                    files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                assertThat(dir.resolve("remote").resolve(p.getFileName()))
                        .hasSameBinaryContentAs(p);
            }
        }
        // Random rows over deflated entries spilled there; every reader deleted its files.
        assertThat(dir.resolve("spill")).isEmptyDirectory();
    }

    @Test
    void benchReadsS3ShardsConfiguredWithConf() {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(datasets("s3://shards/alpha/", "s3://shards/beta/", "s3://shards/gamma/"));
        args.addAll(s3Conf());
        args.addAll(List.of("--row-order", "sequential"));
        CliRun r = run(args);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lastLine()).startsWith("{\"records\": 400, \"seconds\": ");
    }

    @Test
    void aConfWithoutKeyValueIsAUsageError() {
        CliRun r =
                run(
                        List.of(
                                "bench",
                                "--dataset",
                                "a=" + MIX.resolve("alpha"),
                                "--max-records",
                                "1",
                                "--conf",
                                "s3.endpoint"));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--conf must be KEY=VALUE, got 's3.endpoint'");
    }

    @Test
    void benchRemotePrintsTheDirectAndDelayedFiguresAndTheirRatio() {
        CliRun r =
                run(
                        List.of(
                                "bench-remote",
                                "--dataset",
                                "alpha=" + MIX.resolve("alpha"),
                                "--dataset",
                                "beta=" + MIX.resolve("beta/part-00.npz"),
                                "--n-active",
                                "1",
                                "--rate",
                                "5",
                                "--max-records",
                                "40",
                                "--delay-ms",
                                "5",
                                "--rounds",
                                "1"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lastLine())
                .matches(
                        "\\{\"delay_ms\": 5, \"records\": 40, \"direct_records_per_second\":"
                                + " [0-9.]+, \"delayed_records_per_second\": [0-9.]+,"
                                + " \"delayed_vs_direct\": [0-9.]+, \"added_ms_per_record\":"
                                + " -?[0-9.]+}");
    }
}

package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.ReaderLimits;
import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reading flags of {@code mix} and the benches reach the source, and bad values are named. */
class ReadingFlagsTest {
    private static final Path MIX =
            Path.of("../connector/src/test/resources/mix").toAbsolutePath().normalize();

    /** The source settings {@code mix} builds from these flags, over a dataset never read. */
    private static MuxConfig config(String... flags) {
        List<String> argv = new ArrayList<>(List.of("mix", "--dataset", "a=/data/a"));
        argv.addAll(List.of(flags));
        Args args = new Args(argv.toArray(new String[0]), 1, MuxFlags.SWITCHES, MuxFlags.FLAGS);
        return new MuxFlags(args).source().config();
    }

    @Test
    void everyReadingFlagIsTheBuildersSetting() {
        MuxConfig config =
                config(
                        "--skip-bad-shards",
                        "--spill-dir",
                        "/tmp/spill",
                        "--max-spill-bytes",
                        "1000",
                        "--max-open-shards",
                        "100",
                        "--max-mapped-shards",
                        "300",
                        "--shard-cache-bytes",
                        "2000",
                        "--heap-shard-bytes",
                        "3000",
                        "--lookahead-records",
                        "0");
        assertThat(config.skipBadShards()).isTrue();
        assertThat(config.spillDirectory()).isEqualTo("/tmp/spill");
        assertThat(config.maxSpillBytes()).isEqualTo(1000);
        assertThat(config.readerLimits()).isEqualTo(new ReaderLimits(100, 300, 2000, 0, 3000));
    }

    @Test
    void leftOutTheyKeepTheBuildersDefaults() {
        MuxConfig config = config();
        MuxConfig builders =
                MuxSource.builder()
                        .dataset("a", 1, "/data/a")
                        .checkShardsOnClient(false)
                        .build()
                        .config();
        assertThat(config.readerLimits()).isEqualTo(ReaderLimits.DEFAULTS);
        assertThat(config.skipBadShards()).isFalse();
        assertThat(config.spillDirectory()).isEqualTo(builders.spillDirectory());
        assertThat(config.maxSpillBytes()).isEqualTo(builders.maxSpillBytes());
    }

    @ParameterizedTest
    @CsvSource({
        "max-open-shards, 0, 'maxOpenShards must be >= 1, got 0'",
        "lookahead-records, -1, 'lookaheadRecords must be >= 0, got -1'",
        "heap-shard-bytes, 64mb, 'must be an integer, got ''64mb'''",
        "spill-dir, ' ', spillDirectory must not be blank",
    })
    void aBadValueIsAUsageErrorNamingTheFlag(
            String flag, String value, String says, @TempDir Path dir) {
        CliRun r =
                CliRun.of(
                        "mix",
                        "--dataset",
                        "a=" + MIX.resolve("alpha"),
                        "--" + flag,
                        value,
                        "--max-records",
                        "10",
                        "--output",
                        dir.toString());
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--" + flag).contains(says);
    }

    @Test
    void skipBadShardsMixesEveryRowOfTheGoodShardsBesideABadOne(@TempDir Path dir)
            throws Exception {
        Path data = CommandsTest.aGoodAndABrokenShard(dir);
        CliRun r =
                CliRun.of(
                        "mix",
                        "--dataset",
                        "d=" + data,
                        "--mode",
                        "exhaustive",
                        "--row-order",
                        "sequential",
                        "--skip-bad-shards",
                        "--output",
                        dir.resolve("out").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(
                        Numpy.run(
                                String.join(
                                        "\n",
                                        "import glob, sys, numpy as np",
                                        "out = np.concatenate([np.load(f)['Y'] for f in"
                                                + " glob.glob(sys.argv[1] + '/out/part-*.npz')])",
                                        "good = np.load(sys.argv[1] + '/data/good.npz')['Y']",
                                        "assert len(good) > 0 and sorted(out.tolist()) =="
                                                + " sorted(good.tolist()), (len(out), len(good))",
                                        "print('ok')"),
                                dir))
                .isEqualTo("ok");
    }
}

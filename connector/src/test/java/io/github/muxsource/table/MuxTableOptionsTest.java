package io.github.muxsource.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.ReaderLimits;
import io.github.muxsource.source.WeightSchedule;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

/**
 * The table options for streaming ingestion, live mixtures and reading reach the source's settings,
 * and bad values are refused naming the option.
 */
class MuxTableOptionsTest {
    private static MuxSource<Sample> configured(Map<String, String> options) {
        MuxSourceBuilder<Sample> builder =
                MuxSource.builder()
                        .dataset("a", 1, "/data/a")
                        .dataset("b", 1, "/data/b")
                        .checkShardsOnClient(false);
        MuxTableOptions.configure(
                builder, Configuration.fromMap(options), 2 /* datasets, for nActive */);
        return builder.build();
    }

    @Test
    void discoveryScheduleAndWeightsFileAreTheBuildersSettings() {
        MuxSource<Sample> source =
                configured(
                        Map.of(
                                "rate", "8",
                                "discover-interval", "2 s",
                                "weight-schedule", "100:a=2; 250:b=3,a=1",
                                "weights-file", "/tmp/weights.json"));
        MuxConfig config = source.config();
        assertThat(config.monitorInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(config.weightSchedule())
                .isEqualTo(
                        WeightSchedule.none()
                                .at(100, Map.of("a", 2.0))
                                .at(250, Map.of("b", 3.0, "a", 1.0)));
        assertThat(config.weightsFile()).isEqualTo("/tmp/weights.json");
    }

    @Test
    void aBadScheduleStepIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> configured(Map.of("weight-schedule", "100:a=2;oops")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option 'weight-schedule'")
                .hasMessageContaining("oops");
    }

    @Test
    void readingOptionsAreTheBuildersSettings() {
        MuxConfig config =
                configured(
                                Map.of(
                                        "skip-bad-shards", "true",
                                        "spill-dir", "/tmp/spill",
                                        "max-spill-bytes", "64 mb",
                                        "max-open-shards", "100",
                                        "max-mapped-shards", "300",
                                        "shard-cache-bytes", "1 gb",
                                        "heap-shard-bytes", "1048576",
                                        "lookahead-records", "0"))
                        .config();
        assertThat(config.skipBadShards()).isTrue();
        assertThat(config.spillDirectory()).isEqualTo("/tmp/spill");
        assertThat(config.maxSpillBytes()).isEqualTo(64L << 20);
        assertThat(config.readerLimits())
                .isEqualTo(new ReaderLimits(100, 300, 1L << 30, 0, 1 << 20));
    }

    @Test
    void readingOptionsLeftOutKeepTheBuildersDefaults() {
        MuxConfig set = configured(Map.of()).config();
        MuxConfig builders =
                MuxSource.builder()
                        .dataset("a", 1, "/data/a")
                        .dataset("b", 1, "/data/b")
                        .stochastic(2)
                        .checkShardsOnClient(false)
                        .build()
                        .config();
        assertThat(set.readerLimits()).isEqualTo(ReaderLimits.DEFAULTS);
        assertThat(set.skipBadShards()).isFalse();
        assertThat(set.spillDirectory()).isEqualTo(builders.spillDirectory());
        assertThat(set.maxSpillBytes()).isEqualTo(builders.maxSpillBytes());
    }

    @Test
    void mappedShardsSetAloneLowerTheOpenShardsToMatch() {
        ReaderLimits limits =
                configured(Map.of("max-mapped-shards", "100")).config().readerLimits();
        assertThat(new int[] {limits.maxOpenShards(), limits.maxMappedShards()})
                .containsExactly(100, 100);
    }

    @ParameterizedTest
    @CsvSource({
        "skip-bad-shards, yes, yes",
        "max-open-shards, 0, got 0",
        "lookahead-records, -1, got -1",
        "spill-dir, ' ', must not be blank",
        "heap-shard-bytes, lots, lots",
    })
    void aBadReadingOptionIsRefusedNamingIt(String option, String value, String says) {
        assertThatThrownBy(() -> configured(Map.of(option, value)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option '" + option + "'")
                .hasMessageContaining(says);
    }

    @Test
    void fewerMappedThanOpenShardsIsRefusedNamingTheMappedOption() {
        assertThatThrownBy(
                        () ->
                                configured(
                                        Map.of(
                                                "max-open-shards", "500",
                                                "max-mapped-shards", "400")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("option 'max-mapped-shards'")
                .hasMessageContaining("maxOpenShards=500, got 400");
    }
}

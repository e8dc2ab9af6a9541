package io.github.muxsource.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.WeightSchedule;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/** The table options for streaming ingestion and live mixtures reach the source's settings. */
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
}

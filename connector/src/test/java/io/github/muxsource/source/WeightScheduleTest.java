package io.github.muxsource.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.mux.RoundRobinMode;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** Building, parsing and refusing weight schedules, and the builder's rules for them. */
class WeightScheduleTest {

    @Test
    void stepsAreKeptInRecordOrderWithNamesSortedSoEqualSchedulesPrintTheSame() {
        WeightSchedule s =
                WeightSchedule.none()
                        .at(500, Map.of("b", 2.0, "a", 1.0))
                        .parseStep("100:c=3, a=0.5");
        assertThat(s.steps()).extracting(WeightSchedule.Step::records).containsExactly(100L, 500L);
        assertThat(s.toString()).isEqualTo("100:a=0.5,c=3.0; 500:a=1.0,b=2.0");
        assertThat(s)
                .isEqualTo(
                        WeightSchedule.none()
                                .parseStep("500:a=1,b=2")
                                .at(100, Map.of("c", 3.0, "a", 0.5)));
        assertThat(WeightSchedule.none().isEmpty()).isTrue();
    }

    @Test
    void badStepsAreRefusedNamingTheStepAndTheValue() {
        WeightSchedule none = WeightSchedule.none();
        assertThatThrownBy(() -> none.at(-1, Map.of("a", 1.0)))
                .hasMessage("weightSchedule step records must be >= 0, got -1");
        assertThatThrownBy(() -> none.at(5, Map.of("a", 0.0)))
                .hasMessage(
                        "weightSchedule step at 5: weight of dataset 'a' must be finite and > 0,"
                                + " got 0.0");
        assertThatThrownBy(() -> none.at(5, Map.of()))
                .hasMessage("weightSchedule step at 5 must name at least one dataset");
        assertThatThrownBy(() -> none.at(5, Map.of("a", 1.0)).at(5, Map.of("b", 1.0)))
                .hasMessage("weightSchedule has two steps at records=5; merge them into one");
        assertThatThrownBy(() -> none.parseStep("a=1"))
                .hasMessage("a weight schedule step must be RECORDS:NAME=W[,NAME=W...], got 'a=1'");
        assertThatThrownBy(() -> none.parseStep("x:a=1"))
                .hasMessage("a weight schedule step must start with a record count, got 'x:a=1'");
        assertThatThrownBy(() -> none.parseStep("9:a=heavy"))
                .hasMessage("weight of 'a' in '9:a=heavy' is not a number");
    }

    @Test
    void theBuilderRefusesUnknownDatasetsAndMuxesThatDoNotDrawByWeight() {
        WeightSchedule schedule = WeightSchedule.none().at(10, Map.of("delta", 2.0));
        assertThatThrownBy(() -> SourceFixtures.builder().weightSchedule(schedule).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "weightSchedule step at records=10 names dataset 'delta', which is not"
                                + " configured (datasets: alpha, beta, gamma)");
        WeightSchedule fine = WeightSchedule.none().at(10, Map.of("beta", 2.0));
        assertThatThrownBy(
                        () ->
                                SourceFixtures.builder()
                                        .roundRobin(RoundRobinMode.CYCLE)
                                        .weightSchedule(fine)
                                        .build())
                .hasMessage(
                        "weightSchedule(...) changes dataset weights, but roundRobin(CYCLE) does not"
                                + " draw by weight; use stochastic(...) or shuffled(), or remove it");
        assertThat(SourceFixtures.builder().shuffled().weightSchedule(fine).build().config())
                .extracting(MuxConfig::weightSchedule)
                .isEqualTo(fine);
        assertThatThrownBy(() -> SourceFixtures.builder().weightsFrom(" "))
                .hasMessage("weightsFrom path must not be blank, got ' '");
    }
}

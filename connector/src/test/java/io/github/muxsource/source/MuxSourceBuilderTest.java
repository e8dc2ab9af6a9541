package io.github.muxsource.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.mux.Activation;
import io.github.muxsource.mux.BudgetDistribution;
import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.mux.RoundRobinMode;
import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;

import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

/** Every refusal of the builder, by its message; and what a valid configuration becomes. */
class MuxSourceBuilderTest {

    private static MuxSourceBuilder<Sample> one() {
        return MuxSource.builder().dataset("alpha", 1, SourceFixtures.dataset("alpha").toString());
    }

    private static void refusedAtSet(UnaryOperator<MuxSourceBuilder<Sample>> set, String message) {
        assertThatThrownBy(() -> set.apply(one()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    private static void refusedAtBuild(MuxSourceBuilder<Sample> builder, String message) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(message);
    }

    @Test
    void settersRefuseBadValuesNamingTheParameterAndTheValue() {
        refusedAtSet(b -> b.dataset(" ", 1, "x"), "dataset name must not be blank, got ' '");
        refusedAtSet(
                b -> b.dataset("d", 0, "x"),
                "weight of dataset 'd' must be finite and > 0, got 0.0");
        refusedAtSet(
                b -> b.dataset("d", Double.POSITIVE_INFINITY, "x"),
                "weight of dataset 'd' must be finite and > 0, got Infinity");
        refusedAtSet(b -> b.dataset("d", 1), "dataset 'd' needs at least one path");
        refusedAtSet(b -> b.stochastic(0), "nActive must be >= 1, got 0");
        refusedAtSet(b -> b.stochastic(2, 0.5), "rate must be >= 1 (or none), got 0.5");
        refusedAtSet(b -> b.stochastic(2, Double.NaN), "rate must be >= 1 (or none), got NaN");
        refusedAtSet(b -> b.roundRobin(null), "roundRobin mode must not be null");
        refusedAtSet(b -> b.chain(null), "chain mode must not be null");
        refusedAtSet(b -> b.mode(null), "mode must not be null");
        refusedAtSet(b -> b.dist(null), "dist must not be null");
        refusedAtSet(b -> b.activation(null), "activation must not be null");
        refusedAtSet(b -> b.rowOrder(null), "rowOrder must not be null");
        refusedAtSet(b -> b.maxRecords(-1), "maxRecords must be >= 0, got -1");
        refusedAtSet(b -> b.lanes(0), "lanes must be >= 1, got 0");
        refusedAtSet(b -> b.maxSpillBytes(-1), "maxSpillBytes must be >= 0, got -1");
        refusedAtSet(b -> b.maxOpenShards(0), "maxOpenShards must be >= 1, got 0");
        refusedAtSet(b -> b.lookaheadRecords(-1), "lookaheadRecords must be >= 0, got -1");
    }

    private static ReaderLimits limits(UnaryOperator<MuxSourceBuilder<Sample>> set) {
        return set.apply(one()).build().config().readerLimits();
    }

    /**
     * Set alone, either shard cap moves the other past its default, in either order; set both, open
     * must not exceed mapped, whichever is set second is refused naming the first.
     */
    @Test
    void theShardCapsFollowEachOtherUnlessBothAreSet() {
        assertThat(limits(b -> b.maxMappedShards(100)).maxOpenShards()).isEqualTo(100);
        assertThat(limits(b -> b.maxMappedShards(5000)).maxOpenShards())
                .isEqualTo(ReaderLimits.DEFAULT_MAX_OPEN_SHARDS);
        assertThat(limits(b -> b.maxMappedShards(100).maxMappedShards(5000)).maxOpenShards())
                .isEqualTo(ReaderLimits.DEFAULT_MAX_OPEN_SHARDS);
        assertThat(limits(b -> b.maxOpenShards(10_000)).maxMappedShards()).isEqualTo(10_000);
        assertThat(limits(b -> b.maxOpenShards(10)).maxMappedShards())
                .isEqualTo(ReaderLimits.DEFAULT_MAX_MAPPED_SHARDS);
        ReaderLimits both = limits(b -> b.maxMappedShards(300).maxOpenShards(300));
        assertThat(new int[] {both.maxOpenShards(), both.maxMappedShards()})
                .containsExactly(300, 300);
        refusedAtSet(
                b -> b.maxMappedShards(100).maxOpenShards(200),
                "maxOpenShards must be <= maxMappedShards=100, got 200");
        refusedAtSet(
                b -> b.maxOpenShards(200).maxMappedShards(100),
                "maxMappedShards must be >= maxOpenShards=200, got 100");
        refusedAtSet(b -> b.maxMappedShards(0), "maxMappedShards must be >= 1, got 0");
    }

    @Test
    void buildRefusesMissingAndRepeatedDatasets() {
        refusedAtBuild(MuxSource.builder(), "at least one dataset is required");
        refusedAtBuild(
                one().dataset("alpha", 2, SourceFixtures.dataset("beta").toString()),
                "dataset names must be unique, 'alpha' repeats");
    }

    @Test
    void stochasticSettingsAreRefusedForEveryOtherMux() {
        refusedAtBuild(
                one().mode(StochasticMode.EXHAUSTIVE).roundRobin(RoundRobinMode.CYCLE),
                "[mode] apply only to the stochastic mux, but this source uses roundRobin(CYCLE);"
                        + " remove them or choose stochastic(...)");
        refusedAtBuild(
                one().shuffled().dist(BudgetDistribution.POISSON).activation(Activation.UNIFORM),
                "[dist, activation] apply only to the stochastic mux, but this source uses"
                        + " shuffled(); remove them or choose stochastic(...)");
        refusedAtBuild(
                one().pruneEmptyStreams(false).chain(ChainMode.CYCLE).maxRecords(5),
                "[pruneEmptyStreams] apply only to the stochastic mux, but this source uses"
                        + " chain(CYCLE); remove them or choose stochastic(...)");
    }

    @Test
    void distWithoutARateIsRefused() {
        refusedAtBuild(
                one().stochastic(2).dist(BudgetDistribution.CONSTANT),
                "dist(...) shapes the budget around a rate, but stochastic(nActive) has no rate;"
                        + " use stochastic(nActive, rate) or remove dist(...)");
    }

    @Test
    void exhaustiveConfigurationsThatNeverEndAreRefused() {
        refusedAtBuild(
                one().stochastic(1).mode(StochasticMode.EXHAUSTIVE),
                "mode=EXHAUSTIVE with rowOrder=RANDOM and no rate never ends (random rows are"
                        + " endless); set a rate, maxRecords, or rowOrder SEQUENTIAL or SHUFFLED");
        refusedAtBuild(
                one().roundRobin(RoundRobinMode.EXHAUSTIVE),
                "roundRobin(EXHAUSTIVE) with rowOrder=RANDOM never ends (random rows are endless);"
                        + " set maxRecords, or rowOrder SEQUENTIAL or SHUFFLED");
        refusedAtBuild(
                one().chain(ChainMode.EXHAUSTIVE),
                "a chain over rowOrder=RANDOM streams never leaves the first stream;"
                        + " use rowOrder SEQUENTIAL or SHUFFLED, or maxRecords");
    }

    @Test
    void theSameConfigurationsEndWithFiniteRowsOrABound() {
        assertThat(
                        one().roundRobin(RoundRobinMode.EXHAUSTIVE)
                                .rowOrder(RowOrder.SEQUENTIAL)
                                .build()
                                .config()
                                .bounded())
                .isTrue();
        assertThat(one().roundRobin(RoundRobinMode.EXHAUSTIVE).maxRecords(9).build().config())
                .matches(MuxConfig::bounded);
        assertThat(one().stochastic(1, 3.0).mode(StochasticMode.EXHAUSTIVE).build().config())
                .matches(MuxConfig::bounded);
    }

    @Test
    void stochasticWithAndWithoutARate() {
        MuxConfig withRate =
                one().stochastic(2, 5).dist(BudgetDistribution.POISSON).build().config();
        assertThat(withRate.nActive()).isEqualTo(2);
        assertThat(withRate.rate()).isEqualTo(5.0);
        assertThat(withRate.dist()).isEqualTo(BudgetDistribution.POISSON);
        MuxConfig noRate = one().stochastic(2, 5).stochastic(3).build().config();
        assertThat(noRate.nActive()).isEqualTo(3);
        assertThat(noRate.rate()).isNull();
        assertThat(one().build().config().nActive()).as("default: one slot per dataset").isOne();
    }
}

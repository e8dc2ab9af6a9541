package io.github.muxsource.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.sample.SampleBatch;
import io.github.muxsource.sample.SampleBatchTypeInfo;

import org.apache.flink.api.common.typeinfo.Types;

import org.junit.jupiter.api.Test;

/**
 * {@link MuxSourceBuilder#batches}: checked at once, only for a builder of samples, and a source of
 * batches with one layout across datasets. Kept apart from {@code MuxSourceBuilderTest} so that
 * work on other settings merges cleanly.
 */
class MuxSourceBuilderBatchesTest {

    @Test
    void batchesMakeASourceOfSampleBatchesWithOneLayoutAcrossDatasets() {
        MuxSource<SampleBatch> source = SourceFixtures.builder().maxRecords(10).batches(4).build();
        assertThat(source.batchSize()).isEqualTo(4);
        assertThat(source.getProducedType()).isEqualTo(SampleBatchTypeInfo.INSTANCE);
        assertThat(source.config().sameLayoutAcrossDatasets()).isTrue();

        MuxSource<?> records = SourceFixtures.builder().maxRecords(10).build();
        assertThat(records.batchSize()).isZero();
        assertThat(records.config().sameLayoutAcrossDatasets()).isFalse();
    }

    @Test
    void aBatchSizeBelowOneIsRefusedAtOnce() {
        assertThatThrownBy(() -> SourceFixtures.builder().batches(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batches size must be >= 1, got 0");
    }

    @Test
    void aBuilderWithAMapperCannotMakeBatches() {
        assertThatThrownBy(
                        () ->
                                MuxSource.builder(view -> view.dataset(), Types.STRING)
                                        .dataset(
                                                "beta",
                                                1,
                                                SourceFixtures.dataset("beta").toString())
                                        .batches(8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "batches(8) needs a builder of Samples (MuxSource.builder()), but this one"
                                + " maps rows to String; a SampleMapper maps single rows");
    }
}

package io.github.muxsource.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** Datasets from {@code dataset.<name>.path/weight} options: ordered by name, checked by key. */
class DatasetOptionsTest {
    @Test
    void datasetsAreOrderedByNameWithCommaSeparatedPathsAndDefaultWeightOne() {
        List<DatasetOptions.Dataset> datasets =
                DatasetOptions.parse(
                        Map.of(
                                "connector", "muxsource",
                                "dataset.beta.path", "s3://b/x/*.npz, /local/y.npz",
                                "dataset.beta.weight", "3",
                                "dataset.alpha.path", "/data/alpha"));
        assertThat(datasets)
                .containsExactly(
                        new DatasetOptions.Dataset("alpha", 1.0, List.of("/data/alpha")),
                        new DatasetOptions.Dataset(
                                "beta", 3.0, List.of("s3://b/x/*.npz", "/local/y.npz")));
    }

    @Test
    void badDatasetKeysAreRefusedByName() {
        assertThatThrownBy(() -> DatasetOptions.parse(Map.of("dataset.a.paths", "/x")))
                .isInstanceOf(ValidationException.class)
                .hasMessage(
                        "option 'dataset.a.paths' is not dataset.<name>.path or"
                                + " dataset.<name>.weight");
        assertThatThrownBy(
                        () ->
                                DatasetOptions.parse(
                                        Map.of("dataset.a.path", "/x", "dataset.b.weight", "2")))
                .hasMessage("option 'dataset.b.weight' has no 'dataset.b.path'");
        assertThatThrownBy(
                        () ->
                                DatasetOptions.parse(
                                        Map.of("dataset.a.path", "/x", "dataset.a.weight", "lots")))
                .hasMessage("option 'dataset.a.weight' must be a number, got 'lots'");
        assertThatThrownBy(() -> DatasetOptions.parse(Map.of("connector", "muxsource")))
                .hasMessage("a muxsource table needs at least one 'dataset.<name>.path' option");
    }
}

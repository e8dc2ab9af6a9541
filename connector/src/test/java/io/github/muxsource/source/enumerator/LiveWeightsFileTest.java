package io.github.muxsource.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The weights file: its one accepted shape, and every way it can be unusable, named. */
class LiveWeightsFileTest {
    private static final List<String> DATASETS = List.of("a", "b", "c");

    private static LiveWeightsFile.Read parse(String text) {
        return new LiveWeightsFile("w.json", DATASETS).parse(text);
    }

    @Test
    void aFlatObjectOfKnownDatasetsAndPositiveNumbersIsRead() {
        assertThat(parse(" {\"a\": 3, \"c\":0.5e1}\n"))
                .isEqualTo(new LiveWeightsFile.Weights(Map.of("a", 3.0, "c", 5.0)));
    }

    @Test
    void everyUnusableFileIsInvalidWithAReasonNamingTheFile() {
        Map<String, String> cases =
                Map.of(
                        "", "not a JSON object",
                        "{\"a\": 3", "expected '}'",
                        "[1, 2]", "expected '{'",
                        "{\"a\": \"x\"}", "expected a number",
                        "{\"a\": 1, \"a\": 2}", "'a' appears twice",
                        "{\"z\": 1}",
                                "names dataset 'z', which is not configured (datasets: a, b, c)",
                        "{\"a\": 0}", "weight of dataset 'a' must be finite and > 0, got 0.0",
                        "{}", "must name at least one dataset",
                        "{\"a\": 1} {}", "text after the object");
        cases.forEach(
                (text, reason) -> {
                    LiveWeightsFile.Read read = parse(text);
                    assertThat(read).as(text).isInstanceOf(LiveWeightsFile.Invalid.class);
                    assertThat(((LiveWeightsFile.Invalid) read).reason())
                            .as(text)
                            .startsWith("w.json")
                            .contains(reason);
                });
    }

    @Test
    void aMissingFileMeansNoChange(@TempDir Path dir) throws Exception {
        LiveWeightsFile file = new LiveWeightsFile(dir.resolve("w.json").toString(), DATASETS);
        assertThat(file.read()).isInstanceOf(LiveWeightsFile.Missing.class);
        Files.writeString(dir.resolve("w.json"), "{\"b\": 2}");
        assertThat(file.read()).isEqualTo(new LiveWeightsFile.Weights(Map.of("b", 2.0)));
    }
}

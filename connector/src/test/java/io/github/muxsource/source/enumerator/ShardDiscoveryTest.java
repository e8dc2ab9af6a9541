package io.github.muxsource.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.source.MuxConfig;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mistakes no restart can fix are refused at planning time as {@link InvalidDatasetException},
 * naming the dataset and the path; shards are written by numpy.
 */
class ShardDiscoveryTest {

    @TempDir static Path dir;

    /**
     * f32/: three float32 X shards; mixed/: two float32 X and one float64 X (b_f8); renamed/: X and
     * Z; reshaped/: X rows of 3 and of 4; empty/: two shards with 0 rows; other/: int16 X.
     */
    @BeforeAll
    static void writeShards() throws Exception {
        String script =
                String.join(
                        "\n",
                        "import numpy as np, os, sys",
                        "d = sys.argv[1]",
                        "def save(sub, name, **arrays):",
                        "    os.makedirs(os.path.join(d, sub), exist_ok=True)",
                        "    np.savez(os.path.join(d, sub, name), **arrays)",
                        "x4 = np.zeros((5, 3), np.float32)",
                        "y = np.arange(5, dtype=np.int64)",
                        "for n in ['a', 'b', 'c']:",
                        "    save('f32', n, X=x4, Y=y)",
                        "save('mixed', 'a', X=x4, Y=y)",
                        "save('mixed', 'b_f8', X=x4.astype(np.float64), Y=y)",
                        "save('mixed', 'c', X=x4, Y=y)",
                        "save('renamed', 'a', X=x4, Y=y)",
                        "save('renamed', 'b', X=x4, Z=y)",
                        "save('reshaped', 'a', X=x4, Y=y)",
                        "save('reshaped', 'b', X=np.zeros((5, 4), np.float32), Y=y)",
                        "save('empty', 'a', X=np.zeros((0, 3), np.float32))",
                        "save('empty', 'b', X=np.zeros((0, 3), np.float32))",
                        "save('other', 'a', X=np.zeros((2, 3), np.int16))",
                        "print('ok')");
        assertThat(Numpy.run(script, dir)).isEqualTo("ok");
    }

    private static MuxSourceBuilder<?> builder() {
        return MuxSource.builder().checkShardsOnClient(false);
    }

    private static List<List<ShardInfo>> discover(MuxSourceBuilder<?> builder) throws Exception {
        MuxConfig config = builder.build().config();
        return new ShardDiscovery(config).discover();
    }

    private static String uri(String sub, String name) {
        return "file:" + dir.resolve(sub).resolve(name);
    }

    @Test
    void aFloat64ShardAmongFloat32ShardsIsRefusedNamingBothShardsTheFieldAndBothLayouts() {
        assertThatThrownBy(() -> discover(builder().dataset("speech", 1, dir + "/mixed")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageStartingWith(
                        "dataset 'speech': shard "
                                + uri("mixed", "b_f8.npz")
                                + " has field 'X' as <f8 rows of shape [3] but shard "
                                + uri("mixed", "a.npz")
                                + " has it as <f4 rows of shape [3]; every shard of a dataset must"
                                + " have the same field names, dtypes and row shapes")
                .hasMessageEndingWith("(layouts {X: <f8[3], Y: <i8[]} and {X: <f4[3], Y: <i8[]})");
    }

    @Test
    void differentFieldNamesAndRowShapesAreRefused() {
        assertThatThrownBy(() -> discover(builder().dataset("d", 1, dir + "/renamed")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining(
                        uri("renamed", "b.npz")
                                + " has fields [X, Z] but shard "
                                + uri("renamed", "a.npz")
                                + " has [X, Y]");
        assertThatThrownBy(() -> discover(builder().dataset("d", 1, dir + "/reshaped")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining(
                        "has field 'X' as <f4 rows of shape [4] but shard "
                                + uri("reshaped", "a.npz")
                                + " has it as <f4 rows of shape [3]");
    }

    @Test
    void layoutsMayDifferAcrossDatasets() throws Exception {
        List<List<ShardInfo>> found =
                discover(
                        builder()
                                .dataset("floats", 1, dir + "/f32")
                                .dataset("ints", 1, dir + "/other"));
        assertThat(found.get(0)).extracting(ShardInfo::rows).containsExactly(5L, 5L, 5L);
        assertThat(found.get(1)).extracting(ShardInfo::rows).containsExactly(2L);
    }

    @Test
    void oneLayoutAcrossDatasetsWhenTheUserAsksForIt() throws Exception {
        assertThatThrownBy(
                        () ->
                                discover(
                                        builder()
                                                .dataset("floats", 1, dir + "/f32")
                                                .dataset("ints", 1, dir + "/other")
                                                .sameLayoutAcrossDatasets(true)))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageStartingWith(
                        "sameLayoutAcrossDatasets(true): shard "
                                + uri("other", "a.npz")
                                + " has fields [X] but shard "
                                + uri("f32", "a.npz")
                                + " has [X, Y]; every dataset must have the same field names,"
                                + " dtypes and row shapes");
        assertThat(
                        discover(
                                builder()
                                        .dataset("floats", 1, dir + "/f32")
                                        .dataset("same", 1, dir + "/mixed/a.npz")
                                        .sameLayoutAcrossDatasets(true)))
                .hasSize(2);
    }

    @Test
    void aDatasetWithoutRowsIsRefused() {
        assertThatThrownBy(() -> discover(builder().dataset("void", 1, dir + "/empty")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessage(
                        "dataset 'void': its 2 shard(s) hold no rows, first "
                                + uri("empty", "a.npz"));
    }

    @Test
    void aMissingPathAGlobMatchingNothingAndANonNpzFileAreRefused() throws Exception {
        assertThatThrownBy(() -> discover(builder().dataset("speech", 1, dir + "/speeech")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageStartingWith("dataset 'speech': ")
                .hasMessageContaining(dir + "/speeech")
                .hasMessageEndingWith("no such file or directory");
        assertThatThrownBy(() -> discover(builder().dataset("g", 1, dir + "/f32/*.npy")))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessage("dataset 'g': no .npz file matches " + dir + "/f32/*.npy");
        Path text = Files.writeString(dir.resolve("notes.npz"), "not an archive");
        assertThatThrownBy(() -> discover(builder().dataset("t", 1, text.toString())))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageStartingWith("dataset 't': ")
                .hasMessageContaining("notes.npz")
                .hasMessageContaining("not a zip archive");
    }

    @Test
    void buildChecksOnTheClientAndSaysHowToSkipIt() {
        assertThatThrownBy(() -> MuxSource.builder().dataset("speech", 1, dir + "/speeech").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset 'speech': ")
                .hasMessageContaining(dir + "/speeech")
                .hasMessageEndingWith(
                        "(checked on the client by build(); checkShardsOnClient(false) skips this"
                                + " for paths only the cluster can reach)");
        assertThatThrownBy(() -> MuxSource.builder().dataset("s", 1, dir + "/mixed").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b_f8.npz");
    }
}

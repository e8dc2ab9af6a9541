package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.testing.Numpy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code inspect} describes any archive numpy loads without pickle, every entry, and says whether
 * each file can serve as a shard; numpy judges the description.
 */
class InspectCommandTest {
    @TempDir static Path dir;

    @BeforeAll
    static void writeArchives() throws Exception {
        Numpy.run(
                String.join(
                        "\n",
                        "import os, sys, numpy as np",
                        "d = sys.argv[1]",
                        "ld = (np.arange(12).reshape(3, 4) / 7).astype(np.longdouble)",
                        "np.savez(os.path.join(d, 'extras.npz'), X=np.arange(10, dtype='<i4').reshape(5, 2),",
                        "    Y=np.arange(5, dtype='>u2'), scale=np.array(2.5), other=np.arange(3, dtype='<f8'))",
                        "np.savez_compressed(os.path.join(d, 'longdouble.npz'), L=ld, F=np.asfortranarray(ld),",
                        "    s=np.array(7, dtype='<i8'))",
                        "np.savez(os.path.join(d, 'good.npz'), X=np.asfortranarray(np.arange(24, dtype='<f4')"
                                + ".reshape(2, 3, 4)), Y=np.arange(2, dtype='u1'))",
                        "np.savez(os.path.join(d, 'object.npz'), O=np.array([{'a': 1}, None], dtype=object))"),
                dir);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void everyEntryOfEveryLoadableArchiveIsDescribedAsNumpySeesIt() throws Exception {
        CliRun r =
                run(
                        "inspect",
                        "--json",
                        file("extras.npz"),
                        file("longdouble.npz"),
                        file("good.npz"));
        assertThat(r.status()).as(r.err()).isZero();
        Path lines = dir.resolve("inspect.jsonl");
        Files.writeString(lines, r.out());
        assertThat(
                        Numpy.run(
                                String.join(
                                        "\n",
                                        "import json, sys, hashlib, zipfile, numpy as np",
                                        "n = 0",
                                        "shards = {}",
                                        "for line in open(sys.argv[1]):",
                                        "    rec = json.loads(line)",
                                        "    shards[rec['path'].split('/')[-1]] = rec['shard']",
                                        "    infos = {i.filename: i for i in zipfile.ZipFile(rec['path']).infolist()}",
                                        "    with np.load(rec['path']) as z:",
                                        "        assert [e['name'] for e in rec['entries']] == z.files, rec",
                                        "        for e in rec['entries']:",
                                        "            a = z[e['name']]",
                                        "            assert e['descr'] == np.lib.format.dtype_to_descr(a.dtype), e",
                                        "            assert e['shape'] == list(a.shape), e",
                                        "            assert e['fortran_order'] == bool(a.ndim > 1 and a.flags.f_contiguous"
                                                + " and not a.flags.c_contiguous), e",
                                        "            assert e['compressed'] == (infos[e['name'] + '.npy'].compress_type"
                                                + " != zipfile.ZIP_STORED), e",
                                        "            assert e['sha256'] == hashlib.sha256(np.ascontiguousarray(a)"
                                                + ".tobytes()).hexdigest(), e",
                                        "            n += 1",
                                        "assert shards['good.npz'] is True, shards",
                                        "assert 'row counts differ' in shards['extras.npz'], shards",
                                        "assert '--fields X,Y' in shards['extras.npz'], shards",
                                        "assert \"unsupported dtype '<f16'\" in shards['longdouble.npz'], shards",
                                        "print(n)"),
                                lines))
                .isEqualTo("9");
    }

    @Test
    void theTableSaysWhetherTheFileIsAShard() {
        CliRun r = run("inspect", file("good.npz"), file("extras.npz"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("  shard: yes\n")
                .contains("  shard: no, other.npy: row counts");
    }

    @Test
    void objectArraysStayRefusedOnOneLine() {
        CliRun r = run("inspect", "--json", file("object.npz"), file("good.npz"));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(r.err().strip())
                .isEqualTo(
                        "error: "
                                + file("object.npz")
                                + " [O.npy]: unsupported dtype '|O': object arrays are not"
                                + " supported (they hold pickled Python objects)");
    }
}

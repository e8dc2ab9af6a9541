package io.github.muxsource.source.suite;

import io.github.muxsource.mux.ChainMode;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.testing.Numpy;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The "external system" of Flink's connector test suite for MuxSource: a directory of numpy-written
 * shards. A split of the suite is a writer; each {@code writeRecords} publishes one shard (written
 * under a {@code .} name, then renamed) whose int64 array {@code value} holds the records in order.
 *
 * <p>The suite checks each split's records in order. A MuxSource lane deals a shard's rows over all
 * lanes, so the source here has one lane running {@code chain(EXHAUSTIVE)} over {@code SEQUENTIAL}
 * rows: shards one after another, each from its first row to its last, in the order they were found
 * (path order within one listing). The unbounded cases monitor the directory every 50 ms.
 */
final class NpzShardsContext implements DataStreamSourceExternalContext<Long> {
    private static final String SCRIPT =
            "import sys, os, numpy as np\n"
                    + "d, name = sys.argv[1], sys.argv[2]\n"
                    + "values = np.array([int(v) for v in sys.stdin.read().split()], dtype=np.int64)\n"
                    + "tmp = os.path.join(d, '.' + name)\n"
                    + "with open(tmp, 'wb') as f:\n"
                    + "    np.savez(f, value=values)\n"
                    + "os.rename(tmp, os.path.join(d, name))\n";

    private final Path dir;
    private int writers;

    NpzShardsContext() {
        try {
            dir = Files.createTempDirectory("muxsource-suite");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Source<Long, ?, ?> createSource(TestingSourceSettings settings) {
        MuxSourceBuilder<Long> builder =
                MuxSource.builder(row -> row.getLong("value", 0), Types.LONG)
                        .dataset("suite", 1, dir.toString())
                        .chain(ChainMode.EXHAUSTIVE)
                        .rowOrder(RowOrder.SEQUENTIAL)
                        .lanes(1)
                        // The suite creates some sources before it writes their data.
                        .checkShardsOnClient(false);
        if (settings.getBoundedness() == Boundedness.CONTINUOUS_UNBOUNDED) {
            builder.monitorContinuously(Duration.ofMillis(50));
        }
        return builder.build();
    }

    @Override
    public ExternalSystemSplitDataWriter<Long> createSourceSplitDataWriter(
            TestingSourceSettings settings) {
        int writer = writers++;
        return new ExternalSystemSplitDataWriter<>() {
            private int shards;

            @Override
            public void writeRecords(List<Long> records) {
                write(String.format("split-%03d-%03d.npz", writer, shards++), records);
            }

            @Override
            public void close() {}
        };
    }

    private void write(String name, List<Long> records) {
        StringBuilder input = new StringBuilder();
        records.forEach(r -> input.append(r).append('\n'));
        try {
            Process p =
                    new ProcessBuilder(Numpy.pythonCommand(), "-c", SCRIPT, dir.toString(), name)
                            .redirectErrorStream(true)
                            .start();
            p.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("numpy could not write " + name + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Long> generateTestData(TestingSourceSettings settings, int split, long seed) {
        Random random = new Random(seed);
        List<Long> records = new ArrayList<>();
        int count = 20 + random.nextInt(80);
        for (int i = 0; i < count; i++) {
            records.add(random.nextLong());
        }
        return records;
    }

    @Override
    public TypeInformation<Long> getProducedType() {
        return Types.LONG;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return "npz shards in " + dir;
    }
}

package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.mux.StochasticMode;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.RowOrder;
import io.github.muxsource.source.enumerator.LanePlanner;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.testing.Numpy;

import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The reader's shard lifecycle: shards open when a lane needs them and close under a cap, a reader
 * leaves no descriptor behind, a shard that changed since planning is refused, and a checkpoint
 * taken while a shard is still opening continues exactly.
 */
class ShardLifecycleTest {
    private static final int SHARDS = 600;

    /** Deflated shards hold a descriptor while open. */
    private static final int DEFLATED_SHARDS = 60;

    @TempDir static Path shards;

    @TempDir static Path deflated;

    @BeforeAll
    static void writeShards() throws Exception {
        Numpy.writeCountingShards(shards, SHARDS, false);
        Numpy.writeCountingShards(deflated, DEFLATED_SHARDS, true);
    }

    private static MuxSource<Sample> source(Path dir, int maxOpenShards, int lookahead) {
        return source(dir, maxOpenShards, lookahead, RowOrder.RANDOM);
    }

    private static MuxSource<Sample> source(
            Path dir, int maxOpenShards, int lookahead, RowOrder order) {
        return MuxSource.builder()
                .dataset("small", 1, dir.toString())
                .stochastic(4, 8.0)
                .mode(StochasticMode.WITH_REPLACEMENT)
                .rowOrder(order)
                .seed(3)
                .maxOpenShards(maxOpenShards)
                .lookaheadRecords(lookahead)
                .build();
    }

    private static List<LaneSplit> lanes(MuxSource<Sample> source, int count) throws Exception {
        return LanePlanner.plan(
                source.config(), new ShardDiscovery(source.config()).discover(), count);
    }

    /**
     * Deflated shards hold a descriptor while open: the reader's descriptors rise toward the cap
     * and stay within what the cap allows, past it only the shards two lanes pin or wait for
     * ({@code nActive + 3} each) and the opens in flight on the I/O threads.
     */
    @Test
    void openShardsStayUnderTheCapWhileEveryShardIsRead() throws Exception {
        int cap = 16;
        // Sequential rows: deflated arrays read at random would add the spill files being written.
        MuxSource<Sample> source = source(deflated, cap, 1 << 16, RowOrder.SEQUENTIAL);
        List<LaneSplit> lanes = lanes(source, 2);
        // Warm up class loading and the JDK's own descriptors before counting.
        MuxSourceReader<Sample> warm = ReaderDriver.reader(source, lanes);
        ReaderDriver.poll(warm, 1000);
        warm.close();
        long before = openDescriptors();
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes);
        long most = 0;
        java.util.Set<Long> shardsSeen = new java.util.HashSet<>();
        for (int round = 0; round < 40; round++) {
            for (Sample s : ReaderDriver.poll(reader, 1000)) {
                long x = s.getLong("X", 0);
                assertThat(x).isEqualTo(1000L * s.shardIndex() + s.row());
                shardsSeen.add(x / 1000);
            }
            most = Math.max(most, openDescriptors());
        }
        reader.close();
        // Sampled between rounds: the lower bound only shows that these shards hold descriptors
        // (the stored ones this test read before held none).
        assertThat(most - before)
                .as("descriptors held at most")
                .isGreaterThan(cap / 2)
                .isLessThanOrEqualTo(Math.max(cap, 2 * (4 + 3)) + MuxSourceReader.IO_THREADS);
        assertThat(shardsSeen).as("shards read").hasSizeGreaterThan(DEFLATED_SHARDS / 2);
        assertThat(openDescriptors()).isLessThanOrEqualTo(before);
    }

    @Test
    void closingReadersReleasesEveryDescriptorAndThread() throws Exception {
        MuxSource<Sample> source = source(shards, 64, 1 << 12);
        List<LaneSplit> lanes = lanes(source, 3);
        // Warm up class loading and the JDK's own descriptors before counting.
        MuxSourceReader<Sample> warm = ReaderDriver.reader(source, lanes);
        ReaderDriver.poll(warm, 500);
        warm.close();
        long descriptors = openDescriptors();
        java.util.Set<Thread> before = readerThreads();
        for (int i = 0; i < 30; i++) {
            MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes);
            assertThat(ReaderDriver.poll(reader, 500)).hasSize(500);
            reader.close();
        }
        assertThat(openDescriptors()).isLessThanOrEqualTo(descriptors);
        assertThat(readerThreads()).as("threads the readers started").isSubsetOf(before);
    }

    /** Live threads of the kinds a reader starts (earlier tests in this JVM may have left some). */
    private static java.util.Set<Thread> readerThreads() {
        java.util.Set<Thread> threads = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive()
                    && (name.startsWith("muxsource-shard-io")
                            || name.startsWith("muxsource-prefetch"))) {
                threads.add(t);
            }
        }
        return threads;
    }

    @Test
    void aShardThatChangedSincePlanningFailsTheJobNamingIt(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"part-00000.npz", "part-00001.npz", "part-00002.npz"}) {
            Files.copy(shards.resolve(name), dir.resolve(name));
        }
        MuxSource<Sample> source = source(dir, 16, 0);
        List<LaneSplit> lanes = lanes(source, 1);
        Path changed = dir.resolve("part-00001.npz");
        Numpy.run(
                "import sys, numpy as np\n"
                        + "np.savez(sys.argv[1], X=np.arange(30, dtype=np.int64))\n",
                changed);
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes);
        assertThatThrownBy(() -> ReaderDriver.poll(reader, 10_000))
                .isInstanceOf(SuppressRestartsException.class)
                .rootCause()
                .hasMessageContaining(changed.toString())
                .hasMessageContaining("changed since the job planned it");
        reader.close();
    }

    /**
     * Snapshots at every moment the reader waits for a shard to open (its mux has drawn a row it
     * has not emitted) and continues from each snapshot in a new reader: the same sequence.
     */
    @Test
    void snapshotsWhileAShardOpensContinueExactly() throws Exception {
        MuxSource<Sample> source = source(shards, 8, 0);
        List<LaneSplit> lanes = lanes(source, 2);
        MuxSourceReader<Sample> uninterrupted = ReaderDriver.reader(source, lanes);
        List<Sample> reference = ReaderDriver.poll(uninterrupted, 3000);
        uninterrupted.close();

        List<Sample> resumed = new ArrayList<>();
        List<LaneSplit> state = lanes;
        int pendingSnapshots = 0;
        while (resumed.size() < reference.size()) {
            MuxSourceReader<Sample> reader = ReaderDriver.reader(source, state);
            TestingReaderOutput<Sample> output = new TestingReaderOutput<>();
            boolean emittedHere = false;
            while (resumed.size() + output.getEmittedRecords().size() < reference.size()) {
                InputStatus status = reader.pollNext(output);
                emittedHere |= !output.getEmittedRecords().isEmpty();
                if (status == InputStatus.NOTHING_AVAILABLE && emittedHere) {
                    break; // a shard is opening: checkpoint here
                }
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get(30, TimeUnit.SECONDS);
                }
            }
            resumed.addAll(output.getEmittedRecords());
            state = reader.snapshotState(pendingSnapshots);
            if (state.stream().anyMatch(l -> l.pendingSlice() != LaneSplit.NO_PENDING)) {
                pendingSnapshots++;
            }
            reader.close();
        }
        assertThat(pendingSnapshots).as("snapshots with a drawn, unemitted row").isGreaterThan(5);
        assertThat(resumed.subList(0, reference.size())).containsExactlyElementsOf(reference);
    }

    /**
     * At the tightest limits (one open and one mapped shard, a heap budget of nothing or of less
     * than one shard, with and without prefetching) several lanes still read every row exactly
     * once: shards a lane is reading or waiting for stay open however many others open and close
     * around them.
     */
    @ParameterizedTest(name = "{0} shards, heapShardBytes {1}, lookahead {2}")
    @CsvSource({
        "stored, 0, 0",
        "stored, 0, 64",
        "stored, 1, 0",
        "stored, 1, 64",
        "deflated, 0, 0",
        "deflated, 0, 64"
    })
    void atTheTightestLimitsEveryRowIsReadOnce(String kind, long heapBytes, int lookahead)
            throws Exception {
        Path dir = kind.equals("deflated") ? deflated : shards;
        int count = kind.equals("deflated") ? DEFLATED_SHARDS : SHARDS;
        MuxSource<Sample> source =
                MuxSource.builder()
                        .dataset("small", 1, dir.toString())
                        .stochastic(2)
                        .mode(StochasticMode.EXHAUSTIVE)
                        .rowOrder(RowOrder.SEQUENTIAL)
                        .seed(4)
                        .maxOpenShards(1)
                        .maxMappedShards(1)
                        .heapShardBytes(heapBytes)
                        .lookaheadRecords(lookahead)
                        .build();
        MuxSourceReader<Sample> reader = ReaderDriver.reader(source, lanes(source, 4));
        java.util.Set<Long> read = new java.util.HashSet<>();
        List<Sample> all = ReaderDriver.poll(reader, count * 20);
        reader.close();
        for (Sample s : all) {
            long x = s.getLong("X", 0);
            assertThat(x).isEqualTo(1000L * s.shardIndex() + s.row());
            assertThat(read.add(x)).as("row %d read once", x).isTrue();
        }
        assertThat(read).hasSize(count * 20);
    }

    /** Descriptors this process holds, from {@code /proc/self/fd}. */
    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}

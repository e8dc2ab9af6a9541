import io.github.muxsource.npz.NpzShard;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an open small shard keeps on the heap (docs/benchmarks.md, "Heap per open shard"): opens
 * every shard of a directory as a reader does (rows on the heap up to 64 KiB), keeps them all, and
 * prints the live heap the second half adds per shard (the first half warms up what any open
 * loads), next to the bytes of rows they hold: the baseline, measured in the same run.
 *
 * <p>Run with {@code java -XX:+UseSerialGC -cp examples/target/muxsource-examples.jar
 * docs/ShardHeap.java DIR}; the serial collector's {@code System.gc()} leaves only what is live.
 */
public class ShardHeap {
    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0]).listFiles((dir, name) -> name.endsWith(".npz"));
        Arrays.sort(files);
        List<NpzShard> shards = new ArrayList<>(files.length);
        int half = files.length / 2;
        long rowBytes = 0;
        long atHalf = 0;
        for (int i = 0; i < files.length; i++) {
            if (i == half) {
                atHalf = liveHeap();
            }
            NpzShard shard = NpzShard.open(files[i].getPath(), null, List.of(), 64 << 10);
            shards.add(shard);
            rowBytes += i >= half ? shard.heapBytes() : 0;
        }
        long added = liveHeap() - atHalf;
        int measured = files.length - half;
        System.out.printf(
                "%d shards: %.0f bytes of heap each, holding %.0f bytes of rows (%.2fx)%n",
                measured,
                (double) added / measured,
                (double) rowBytes / measured,
                (double) added / rowBytes);
        shards.forEach(ShardHeap::closeQuietly);
    }

    private static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void closeQuietly(NpzShard shard) {
        try {
            shard.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

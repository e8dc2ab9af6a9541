package io.github.muxsource.examples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory after a run: live heap after a GC, the peak heap of the run (the sum of the
 * heap pools' peaks, an upper bound on what was in use at once), and anonymous resident memory
 * ({@code RssAnon}: heap, stacks, native buffers — not the page cache of memory-mapped shards or
 * spill files, which the kernel can drop at will).
 */
record MemoryUse(long heapUsed, long heapPeak, long rssAnon) {
    static MemoryUse measure() {
        Runtime runtime = Runtime.getRuntime();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        return new MemoryUse(heap, peak, rssAnonBytes());
    }

    private static long rssAnonBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssAnon:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: report unknown.
        }
        return -1;
    }
}

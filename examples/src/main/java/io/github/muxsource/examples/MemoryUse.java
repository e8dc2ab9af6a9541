package io.github.muxsource.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's memory after a run: live heap after a GC, and anonymous resident memory ({@code
 * RssAnon}: heap, stacks, native buffers — not the page cache of memory-mapped shards, which the
 * kernel can drop at will).
 */
record MemoryUse(long heapUsed, long rssAnon) {
    static MemoryUse measure() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        return new MemoryUse(heap, rssAnonBytes());
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

package io.github.muxsource.npz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local disk where deflated arrays are inflated once ("spilled") so that rows can be read in any
 * order from a memory mapping instead of from the heap; deflate itself has no random access.
 *
 * <p>One space serves every shard opened with it (a Flink reader has one) and holds their spill
 * files under one budget in bytes: a spill that would exceed it is refused with a message naming
 * the shard, the bytes needed and the option to raise. A spill file is deleted when its shard
 * closes; {@link #close()} deletes any left, and each file is also marked {@code deleteOnExit} as a
 * backstop for a JVM that ends without closing. Safe for concurrent use.
 */
public final class SpillSpace implements AutoCloseable {
    /** The default budget of one space (one reader): 8 GiB. */
    public static final long DEFAULT_MAX_BYTES = 8L << 30;

    private static final String PREFIX = "muxsource-spill-";

    private final Path directory;
    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();
    private final Set<Path> files = ConcurrentHashMap.newKeySet();

    /**
     * @param directory a local directory, created when the first spill needs it
     * @param maxBytes the most bytes all spill files of this space may take together
     */
    public SpillSpace(Path directory, long maxBytes) {
        if (directory == null) {
            throw new IllegalArgumentException("spill directory must not be null");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxSpillBytes must be >= 0, got " + maxBytes);
        }
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    /** A space in {@code java.io.tmpdir} with the default budget. */
    public static SpillSpace temporary() {
        return new SpillSpace(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_MAX_BYTES);
    }

    public Path directory() {
        return directory;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes reserved by the spill files that exist now. */
    public long usedBytes() {
        return used.get();
    }

    /**
     * Reserves {@code bytes} of the budget and creates an empty spill file for them.
     *
     * @throws NpzFormatException naming {@code location} and {@code entry} when the budget or the
     *     disk has too little room
     */
    Path reserve(String location, String entry, long bytes) throws IOException {
        long before;
        do {
            before = used.get();
            if (bytes > maxBytes - before) {
                throw new NpzFormatException(
                        location,
                        entry,
                        "random access to this deflated array needs a spill file of "
                                + bytes
                                + " bytes, but the spill budget maxSpillBytes="
                                + maxBytes
                                + " has "
                                + (maxBytes - before)
                                + " bytes left; raise maxSpillBytes (--max-spill-bytes), read rows"
                                + " sequentially, or store the shard uncompressed (np.savez)");
            }
        } while (!used.compareAndSet(before, before + bytes));
        try {
            Files.createDirectories(directory);
            long usable = Files.getFileStore(directory).getUsableSpace();
            if (bytes > usable) {
                throw new NpzFormatException(
                        location,
                        entry,
                        "random access to this deflated array needs a spill file of "
                                + bytes
                                + " bytes, but the spill directory "
                                + directory
                                + " has only "
                                + usable
                                + " bytes free; choose another spillDirectory (--spill-dir)");
            }
            Path file = Files.createTempFile(directory, PREFIX, ".bin");
            file.toFile().deleteOnExit();
            files.add(file);
            return file;
        } catch (IOException | RuntimeException e) {
            used.addAndGet(-bytes);
            throw e;
        }
    }

    /** Deletes a spill file made by {@link #reserve} and returns its bytes to the budget. */
    void release(Path file, long bytes) throws IOException {
        if (files.remove(file)) {
            used.addAndGet(-bytes);
            Files.deleteIfExists(file);
        }
    }

    /** Deletes every spill file still here; the space stays usable. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
            files.remove(file);
        }
        used.set(0);
        if (first != null) {
            throw first;
        }
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.npz.ByteSource;
import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Local copies of remote shards, as Mosaic streaming keeps them: a remote shard is downloaded whole
 * once, then read like a local file (memory-mapped), so random rows cost no round trips. The copies
 * live in a directory under Flink's {@code io.tmp.dirs}, within a byte budget (least recently used
 * copies are deleted to make room), and are deleted on close. Local shards are read in place.
 */
final class ShardCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardCache.class);

    /** Downloads of one shard that may end early before the reader gives up (and restarts). */
    static final int DOWNLOAD_ATTEMPTS = 3;

    private final Path parent;
    private final long budget;
    private final AtomicLong downloaded = new AtomicLong();

    /** Remote path to its local copy, least recently used first; guarded by this. */
    private final Map<String, Copy> copies = new LinkedHashMap<>(16, 0.75f, true);

    private long used;
    private long nextCopy;
    private Path directory;

    private record Copy(Path file, long bytes) {}

    ShardCache(Path parent, long budget) {
        this.parent = parent;
        this.budget = budget;
    }

    /** A path {@code NpzShard.open} reads locally: the shard itself, or its downloaded copy. */
    String localPath(ShardSlice slice) throws IOException {
        String location = slice.path();
        if (ByteSource.isLocal(location)) {
            return location;
        }
        synchronized (this) {
            Copy copy = copies.get(location);
            if (copy != null) {
                return copy.file().toString();
            }
        }
        org.apache.flink.core.fs.Path remote = new org.apache.flink.core.fs.Path(location);
        FileSystem fs = remote.getFileSystem();
        // A store answering "not found" may be one coming back from an outage (S3ITCase): the
        // restart strategy decides, as for any other remote error.
        long bytes =
                slice.fileSize() != ShardSlice.UNCHECKED
                        ? slice.fileSize()
                        : fs.getFileStatus(remote).getLen();
        Path target = reserve(location, bytes);
        try {
            download(fs, remote, location, bytes, target);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                used -= bytes;
            }
            throw e;
        }
        downloaded.addAndGet(bytes);
        synchronized (this) {
            copies.put(location, new Copy(target, bytes));
        }
        return target.toString();
    }

    /** Bytes downloaded so far. */
    long downloadedBytes() {
        return downloaded.get();
    }

    /** Makes room for {@code bytes} more, deleting least recently used copies. */
    private synchronized Path reserve(String location, long bytes) throws IOException {
        if (bytes > budget) {
            throw new IOException(
                    location
                            + ": the shard is "
                            + bytes
                            + " bytes, more than the reader's local shard cache holds ("
                            + budget
                            + " bytes); raise shardCacheBytes (--shard-cache-bytes,"
                            + " 'shard-cache-bytes')");
        }
        Iterator<Copy> it = copies.values().iterator();
        while (used + bytes > budget && it.hasNext()) {
            Copy eldest = it.next();
            it.remove();
            // An open shard keeps its mapping and descriptor: Unix unlinks the name only.
            Files.deleteIfExists(eldest.file());
            used -= eldest.bytes();
        }
        used += bytes;
        if (directory == null) {
            Files.createDirectories(parent);
            directory = Files.createTempDirectory(parent, "muxsource-shards-");
        }
        String name = location.substring(location.lastIndexOf('/') + 1);
        return directory.resolve(nextCopy++ + "-" + name);
    }

    /**
     * Copies the shard to {@code target}, checking the byte count: a stream that ends early (a
     * dropped connection some stores report as a normal end) is retried, and a shard whose length
     * is no longer the planned one is refused, as {@link PlannedShard} refuses changed shards.
     */
    private static void download(
            FileSystem fs,
            org.apache.flink.core.fs.Path remote,
            String location,
            long bytes,
            Path target)
            throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            for (int attempt = 1; ; attempt++) {
                long copied;
                try (FSDataInputStream in = fs.open(remote)) {
                    copied = copy(in, partial);
                }
                if (copied == bytes) {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                long now = fs.getFileStatus(remote).getLen();
                if (now != bytes) {
                    throw PlannedShard.resized(location, now, bytes);
                }
                if (attempt == DOWNLOAD_ATTEMPTS) {
                    throw new IOException(
                            location
                                    + ": the download ended after "
                                    + copied
                                    + " of "
                                    + bytes
                                    + " bytes, "
                                    + attempt
                                    + " times in a row");
                }
                LOG.warn(
                        "{}: the download ended after {} of {} bytes; downloading it again",
                        location,
                        copied,
                        bytes);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static long copy(InputStream in, Path target) throws IOException {
        try (var out = Files.newOutputStream(target)) {
            return in.transferTo(out);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        copies.clear();
        used = 0;
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            LOG.debug("Deleted the local shard cache {}", directory);
            directory = null;
        }
    }
}

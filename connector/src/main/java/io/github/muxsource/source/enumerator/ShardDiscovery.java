package io.github.muxsource.source.enumerator;

import io.github.muxsource.npz.NpzFormatException;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.source.DatasetSpec;
import io.github.muxsource.source.MuxConfig;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds each dataset's shards (files, directories of {@code .npz}, or globs in the last path
 * component, through Flink's {@code FileSystem}) and validates them from their headers only.
 */
@Internal
public final class ShardDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(ShardDiscovery.class);

    private static final int VALIDATION_THREADS = 16;

    private final MuxConfig config;
    private final AtomicInteger skipped = new AtomicInteger();
    private final java.util.Set<String> skippedPaths = ConcurrentHashMap.newKeySet();

    /** Each validated shard's layout, by path, for {@link ShardLayoutCheck}. */
    private final Map<String, FieldLayout> layouts = new ConcurrentHashMap<>();

    public ShardDiscovery(MuxConfig config) {
        this.config = config;
    }

    /** Shards per dataset, in dataset order; each list sorted by path. */
    public List<List<ShardInfo>> discover() throws IOException {
        List<List<ShardInfo>> result = new ArrayList<>();
        ShardLayoutCheck acrossDatasets = ShardLayoutCheck.acrossDatasets();
        for (DatasetSpec dataset : config.datasets()) {
            TreeSet<String> paths = new TreeSet<>();
            for (String pattern : dataset.paths()) {
                List<String> found = expandFor(dataset, pattern);
                if (found.isEmpty()) {
                    throw new InvalidDatasetException(
                            "dataset '" + dataset.name() + "': no .npz file matches " + pattern);
                }
                paths.addAll(found);
            }
            List<ShardInfo> shards;
            try {
                shards = validateAll(dataset, new ArrayList<>(paths));
            } catch (NpzFormatException e) {
                throw new InvalidDatasetException(
                        "dataset '" + dataset.name() + "': " + e.getMessage(), e);
            }
            if (shards.isEmpty()) {
                throw new InvalidDatasetException(
                        "dataset '" + dataset.name() + "': every shard was bad and skipped");
            }
            checkLayoutsAndRows(dataset, shards);
            if (config.sameLayoutAcrossDatasets()) {
                String first = shards.get(0).path();
                acrossDatasets.add(first, layouts.get(first));
            }
            result.add(shards);
        }
        return result;
    }

    private static List<String> expandFor(DatasetSpec dataset, String pattern) throws IOException {
        try {
            return expand(pattern);
        } catch (NpzFormatException e) {
            throw new InvalidDatasetException(
                    "dataset '" + dataset.name() + "': " + e.getMessage(), e);
        }
    }

    /** Refuses shards of differing layouts (in path order) and a dataset without rows. */
    private void checkLayoutsAndRows(DatasetSpec dataset, List<ShardInfo> shards)
            throws InvalidDatasetException {
        ShardLayoutCheck check = new ShardLayoutCheck(dataset.name());
        long rows = 0;
        for (ShardInfo shard : shards) {
            check.add(shard.path(), layouts.get(shard.path()));
            rows += shard.rows();
        }
        if (rows == 0) {
            throw new InvalidDatasetException(
                    "dataset '"
                            + dataset.name()
                            + "': its "
                            + shards.size()
                            + " shard(s) hold no rows, first "
                            + shards.get(0).path());
        }
    }

    /**
     * Validates headers on up to {@value #VALIDATION_THREADS} threads (a remote store answers each
     * header read with a round trip), keeping path order; the first bad shard in path order fails.
     */
    private List<ShardInfo> validateAll(DatasetSpec dataset, List<String> paths)
            throws IOException {
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.max(1, Math.min(VALIDATION_THREADS, paths.size())),
                        r -> {
                            Thread t = new Thread(r, "muxsource-discovery");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<ShardInfo>> pending = new ArrayList<>();
            for (String path : paths) {
                pending.add(pool.submit(() -> validate(dataset, path)));
            }
            List<ShardInfo> shards = new ArrayList<>();
            for (Future<ShardInfo> future : pending) {
                ShardInfo shard = await(future);
                if (shard != null) {
                    shards.add(shard);
                }
            }
            return shards;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ShardInfo await(Future<ShardInfo> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while validating shards", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The paths of the shards skipped so far. */
    public java.util.Set<String> skippedPaths() {
        return java.util.Collections.unmodifiableSet(skippedPaths);
    }

    /** Shards refused and skipped because {@code skipBadShards} is on. */
    public int skipped() {
        return skipped.get();
    }

    private ShardInfo validate(DatasetSpec dataset, String path) throws IOException {
        // Small shards are read, not mapped: an open that only looks costs no mapping to undo.
        try (NpzShard shard =
                NpzShard.open(
                        path,
                        SpillSpace.temporary(),
                        config.fields(),
                        NpzShard.SMALL_SHARD_BYTES)) {
            layouts.put(path, ShardLayoutCheck.layoutOf(shard));
            return new ShardInfo(path, shard.rows(), shard.size(), shard.fingerprint());
        } catch (NpzFormatException e) {
            if (!config.skipBadShards()) {
                throw e;
            }
            skipped.incrementAndGet();
            skippedPaths.add(path);
            LOG.warn("Skipping bad shard of dataset '{}': {}", dataset.name(), e.getMessage());
            return null;
        }
    }

    /**
     * Whether a listed file is published: names starting with {@code .} or {@code _} are files
     * still being written (write under such a name, then rename), as Flink's file source treats
     * them.
     */
    static boolean published(String name) {
        return !name.startsWith(".") && !name.startsWith("_");
    }

    /**
     * Lists every dataset's paths again and validates the shards not in {@code known} (per
     * dataset), for a monitored source. A pattern that matches nothing now is not an error (its
     * files may come later). A shard that fails validation throws unless {@code skipBadShards},
     * when it is left out of the result but still reported in {@link NewShards#seen}.
     */
    public NewShards discoverNew(List<java.util.Set<String>> known) throws IOException {
        List<List<ShardInfo>> found = new ArrayList<>();
        List<List<String>> seen = new ArrayList<>();
        List<List<String>> layoutsFound = new ArrayList<>();
        for (int d = 0; d < config.datasets().size(); d++) {
            DatasetSpec dataset = config.datasets().get(d);
            TreeSet<String> paths = new TreeSet<>();
            for (String pattern : dataset.paths()) {
                try {
                    paths.addAll(expand(pattern));
                } catch (NpzFormatException e) {
                    LOG.debug(
                            "Nothing listed for dataset '{}': {}", dataset.name(), e.getMessage());
                }
            }
            paths.removeAll(known.get(d));
            List<ShardInfo> shards;
            try {
                shards = validateAll(dataset, new ArrayList<>(paths));
            } catch (NpzFormatException e) {
                throw new InvalidDatasetException(
                        "dataset '" + dataset.name() + "': new shard " + e.getMessage(), e);
            }
            List<String> layoutsOfShards = new ArrayList<>();
            for (ShardInfo shard : shards) {
                layoutsOfShards.add(String.valueOf(layouts.remove(shard.path())));
            }
            found.add(shards);
            seen.add(new ArrayList<>(paths));
            layoutsFound.add(layoutsOfShards);
        }
        return new NewShards(found, seen, layoutsFound);
    }

    /**
     * One listing's result.
     *
     * @param shards per dataset, the new valid shards in path order
     * @param seen per dataset, every new path listed, skipped ones included
     * @param layouts per dataset, each new shard's layout ({@code FieldLayout.toString()})
     */
    public record NewShards(
            List<List<ShardInfo>> shards, List<List<String>> seen, List<List<String>> layouts) {}

    /** The layout of a validated shard ({@code FieldLayout.toString()}), for later rounds. */
    public String layoutOf(String path) {
        return String.valueOf(layouts.get(path));
    }

    static List<String> expand(String pattern) throws IOException {
        Path path = new Path(pattern);
        String name = path.getName();
        FileSystem fs = path.getFileSystem();
        List<String> out = new ArrayList<>();
        if (name.contains("*") || name.contains("?") || name.contains("[")) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
            for (FileStatus status : list(fs, path.getParent())) {
                if (!status.isDir()
                        && published(status.getPath().getName())
                        && matcher.matches(java.nio.file.Path.of(status.getPath().getName()))) {
                    out.add(status.getPath().toString());
                }
            }
            return out;
        }
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new NpzFormatException(pattern, null, "no such file or directory");
        }
        if (!status.isDir()) {
            out.add(pattern);
            return out;
        }
        for (FileStatus child : list(fs, path)) {
            String childName = child.getPath().getName();
            if (!child.isDir() && childName.endsWith(".npz") && published(childName)) {
                out.add(child.getPath().toString());
            }
        }
        return out;
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        try {
            FileStatus[] statuses = fs.listStatus(dir);
            return statuses == null ? new FileStatus[0] : statuses;
        } catch (FileNotFoundException e) {
            throw new NpzFormatException(dir.toString(), null, "no such directory");
        }
    }
}

package io.github.muxsource.examples;

import io.github.muxsource.mux.Rng;
import io.github.muxsource.npz.NpzWriter;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (MNIST's drop-in twin; Debian package {@code dataset-fashion-mnist}) as NPZ shards,
 * split like the seed example: a seeded permutation, shard i takes rows i::3, {@code X} uint8 (n,
 * 28, 28), {@code Y} uint8 (n,). Without the package, MNIST-shaped synthetic data.
 */
final class FashionMnist {
    static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    final byte[] images;
    final byte[] labels;
    final int rows;
    final boolean synthetic;

    private FashionMnist(byte[] images, byte[] labels, boolean synthetic) {
        this.images = images;
        this.labels = labels;
        this.rows = labels.length;
        this.synthetic = synthetic;
    }

    /** The training set from the Debian package, or synthetic data of {@code fallbackRows} rows. */
    static FashionMnist load(int fallbackRows, PrintStream log) throws IOException {
        Path images = DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz");
        Path labels = DEBIAN_DIR.resolve("train-labels-idx1-ubyte.gz");
        if (Files.isReadable(images) && Files.isReadable(labels)) {
            return new FashionMnist(readIdx(images, 0x803), readIdx(labels, 0x801), false);
        }
        log.println(
                "Fashion-MNIST not found under "
                        + DEBIAN_DIR
                        + " (apt-get install dataset-fashion-mnist); generating MNIST-shaped synthetic data instead.");
        return synthetic(fallbackRows);
    }

    static FashionMnist synthetic(int rows) {
        Rng rng = Rng.seeded(2026);
        byte[] images = new byte[rows * PIXELS];
        byte[] labels = new byte[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = (byte) rng.nextInt(10);
            for (int p = 0; p < PIXELS; p++) {
                images[r * PIXELS + p] = (byte) rng.nextInt(256);
            }
        }
        return new FashionMnist(images, labels, true);
    }

    /** Reads an IDX file (big-endian header: magic, dimensions; then unsigned bytes). */
    private static byte[] readIdx(Path path, int magic) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int found = in.readInt();
            if (found != magic) {
                throw new IOException(
                        path
                                + ": not an IDX file of the expected kind (magic "
                                + Integer.toHexString(found)
                                + ")");
            }
            long size = in.readInt();
            for (int d = 1; d < (magic & 0xFF); d++) {
                size *= in.readInt();
            }
            byte[] data = new byte[Math.toIntExact(size)];
            in.readFully(data);
            return data;
        }
    }

    /**
     * Writes {@code shards} files {@code dataset{i+1}_train.npz}: a permutation seeded by {@code
     * seed}, shard i taking rows i::shards (the seed example's split).
     */
    List<Path> writeShards(Path dir, int shards, long seed, boolean compress) throws IOException {
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        Rng.seeded(seed).shuffle(perm);
        List<Path> paths = new ArrayList<>();
        Files.createDirectories(dir);
        for (int s = 0; s < shards; s++) {
            int n = (rows - s + shards - 1) / shards;
            byte[] x = new byte[n * PIXELS];
            byte[] y = new byte[n];
            for (int k = 0; k < n; k++) {
                int src = perm[s + k * shards];
                System.arraycopy(images, src * PIXELS, x, k * PIXELS, PIXELS);
                y[k] = labels[src];
            }
            Path path = dir.resolve("dataset" + (s + 1) + "_train.npz");
            try (NpzWriter out = NpzWriter.create(path, compress, true)) {
                out.add("X", "|u1", new long[] {n, SIDE, SIDE}, x);
                out.add("Y", "|u1", new long[] {n}, y);
                out.commit();
            }
            paths.add(path);
        }
        return paths;
    }

    /** {@code prepare-fashion --output DIR [--rows-per-shard N] [--compress]}: bench shards. */
    static int prepareCommand(String[] argv, PrintStream out) throws IOException {
        Args args =
                new Args(argv, 1, Set.of("compress"), Set.of("output", "rows-per-shard", "shards"));
        String dir = args.get("output", null);
        if (dir == null) {
            throw new Args.UsageException("--output DIR is required");
        }
        int shards = args.getInt("shards", 3);
        int perShard = args.getInt("rows-per-shard", 20_000);
        int rows = shards * perShard;
        FashionMnist data = load(rows, out);
        FashionMnist used = data.rows >= rows ? data.head(rows) : synthetic(rows);
        for (Path p : used.writeShards(Path.of(dir), shards, 0, args.has("compress"))) {
            out.println(p);
        }
        return 0;
    }

    private FashionMnist head(int n) {
        return new FashionMnist(
                java.util.Arrays.copyOf(images, n * PIXELS),
                java.util.Arrays.copyOf(labels, n),
                synthetic);
    }
}

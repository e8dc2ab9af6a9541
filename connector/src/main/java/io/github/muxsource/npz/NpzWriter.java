package io.github.muxsource.npz;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an {@code .npz} file that {@code np.load} reads back exactly: each array as a C-ordered
 * {@code .npy} entry, stored by default (mappable) or deflated.
 *
 * <p>The file is written under a temporary name beside the target and renamed into place by {@link
 * #commit()}, so a crash never leaves a half-written file under the final name. An existing target
 * is refused unless overwriting was asked for.
 */
public final class NpzWriter implements AutoCloseable {
    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final Path target;
    private final Path temporary;
    private final boolean overwrite;
    private final boolean compress;
    private final ZipOutputStream zip;
    private boolean committed;

    private NpzWriter(Path target, boolean compress, boolean overwrite) throws IOException {
        this.target = target;
        this.compress = compress;
        this.overwrite = overwrite;
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " exists; refusing to overwrite it");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A hidden sibling, so the final rename stays on one file system and is atomic.
        this.temporary =
                dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".inprogress");
        OutputStream out =
                new BufferedOutputStream(
                        Files.newOutputStream(
                                temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        1 << 16);
        this.zip = new ZipOutputStream(out);
        zip.setLevel(compress ? 6 : 0);
    }

    /** Starts a new file; nothing appears under {@code target} until {@link #commit()}. */
    public static NpzWriter create(Path target, boolean compress, boolean overwrite)
            throws IOException {
        return new NpzWriter(target, compress, overwrite);
    }

    /**
     * Adds one array.
     *
     * @param name the array name (the entry becomes {@code name.npy})
     * @param descr a numpy dtype descr, e.g. {@code |u1} or {@code <f4}
     * @param shape the full shape, rows first
     * @param data the elements in C order, exactly {@code prod(shape) * itemSize} bytes
     */
    public void add(String name, String descr, long[] shape, byte[] data) throws IOException {
        long expected = DType.parse(descr).itemSize();
        for (long d : shape) {
            expected *= d;
        }
        if (expected != data.length) {
            throw new IllegalArgumentException(
                    "array " + name + " needs " + expected + " bytes, got " + data.length);
        }
        byte[] header = NpyHeader.write(descr, false, shape);
        ZipEntry entry = new ZipEntry(name + ".npy");
        // numpy's timestamp: the same arrays always give the same bytes.
        entry.setTimeLocal(ZIP_EPOCH);
        if (!compress) {
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(data);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(header.length + (long) data.length);
            entry.setCompressedSize(header.length + (long) data.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(header);
        zip.write(data);
        zip.closeEntry();
    }

    /** Finishes the archive and moves it to its final name atomically. */
    public void commit() throws IOException {
        zip.close();
        if (overwrite) {
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    /** Discards the file unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            zip.close();
            Files.deleteIfExists(temporary);
        }
    }
}

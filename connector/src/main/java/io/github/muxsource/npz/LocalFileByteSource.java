package io.github.muxsource.npz;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local file, read with positioned reads and mappable into memory. Opened for a small shard, a
 * file of at most {@link #SMALL_SHARD_FILE_BYTES} is read whole as it opens, and read from that
 * copy: opening a small shard reads a directory, a header per array and the arrays, and one read
 * instead of one each takes about a third off what an open of a small shard costs
 * (docs/benchmarks.md, "Opening small shards").
 */
final class LocalFileByteSource implements ByteSource {
    /**
     * A small shard's file: {@link NpzShard#SMALL_SHARD_BYTES} of arrays and 4 KiB of headers (a
     * shard of many arrays may need more, and is then read a structure at a time).
     */
    static final int SMALL_SHARD_FILE_BYTES = (int) NpzShard.SMALL_SHARD_BYTES + (4 << 10);

    private final String location;
    private final long size;

    /**
     * Null once closed: a shard read through mappings or from the heap keeps its source for its
     * location and size, and would otherwise keep the closed channel's objects too (about 300 bytes
     * a shard).
     */
    private volatile FileChannel channel;

    /** The whole file, read at open when small enough; null otherwise, once dropped or closed. */
    private volatile byte[] whole;

    private LocalFileByteSource(String location, FileChannel channel) throws IOException {
        this.location = location;
        this.channel = channel;
        this.size = channel.size();
    }

    /** Opens {@code path}; a file of at most {@code readWholeUpTo} bytes is read whole now. */
    static LocalFileByteSource open(String location, Path path, int readWholeUpTo)
            throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NpzFormatException(location, null, "no such file");
        }
        try {
            LocalFileByteSource file = new LocalFileByteSource(location, channel);
            if (file.size <= readWholeUpTo && readWholeUpTo > 0) {
                file.readWhole();
            }
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void readWhole() throws IOException {
        byte[] bytes = new byte[(int) size];
        try {
            readFromChannel(0, bytes, 0, bytes.length);
        } catch (EOFException e) {
            throw new NpzFormatException(
                    location, null, "became shorter than " + size + " bytes as it was read");
        }
        whole = bytes;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void readFully(long position, byte[] target, int offset, int length) throws IOException {
        byte[] bytes = whole;
        if (bytes == null) {
            readFromChannel(position, target, offset, length);
        } else if (position + length > bytes.length) {
            throw new EOFException(location + ": unexpected end of file at byte " + bytes.length);
        } else {
            System.arraycopy(bytes, (int) position, target, offset, length);
        }
    }

    private void readFromChannel(long position, byte[] target, int offset, int length)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(target, offset, length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel().read(buffer, at);
            if (n < 0) {
                throw new EOFException(location + ": unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    @Override
    public boolean mappable() {
        return true;
    }

    @Override
    public ByteBuffer map(long position, int length) throws IOException {
        return channel().map(FileChannel.MapMode.READ_ONLY, position, length);
    }

    @Override
    public void dropCopy() {
        whole = null;
    }

    @Override
    public void close() throws IOException {
        FileChannel open = channel;
        channel = null;
        whole = null;
        if (open != null) {
            open.close();
        }
    }

    private FileChannel channel() throws ClosedChannelException {
        FileChannel open = channel;
        if (open == null) {
            throw new ClosedChannelException();
        }
        return open;
    }
}

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
 * A local file, read with positioned reads and mappable into memory. A file of at most {@value
 * #READ_WHOLE_UP_TO} bytes is read whole as it opens, and read from that copy: opening a small
 * shard reads a directory, a header per array and the arrays, and one read instead of one each
 * takes 40% off the time an open of many small shards costs (docs/benchmarks.md, "Opening small
 * shards").
 */
final class LocalFileByteSource implements ByteSource {
    /** A small shard ({@link NpzShard#SMALL_SHARD_BYTES} of arrays) and its headers. */
    static final int READ_WHOLE_UP_TO = (int) NpzShard.SMALL_SHARD_BYTES + (4 << 10);

    private final String location;
    private final long size;

    /**
     * Null once closed: a shard read through mappings or from the heap keeps its source for its
     * location and size, and would otherwise keep the closed channel's objects too (about 300 bytes
     * a shard).
     */
    private volatile FileChannel channel;

    /**
     * The whole file if it is small, else null; and null once closed. A shard that reads the file
     * after it opened (one with a deflated array) keeps it while open, which the reader's open
     * shard cap bounds as it bounds descriptors.
     */
    private volatile byte[] whole;

    private LocalFileByteSource(String location, FileChannel channel) throws IOException {
        this.location = location;
        this.channel = channel;
        this.size = channel.size();
        if (size <= READ_WHOLE_UP_TO) {
            byte[] bytes = new byte[(int) size];
            readFromChannel(0, bytes, 0, bytes.length);
            this.whole = bytes;
        }
    }

    static LocalFileByteSource open(String location, Path path) throws IOException {
        try {
            return new LocalFileByteSource(
                    location, FileChannel.open(path, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new NpzFormatException(location, null, "no such file");
        }
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

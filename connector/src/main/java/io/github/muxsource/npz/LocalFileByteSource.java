package io.github.muxsource.npz;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file, read with positioned reads and mappable into memory. */
final class LocalFileByteSource implements ByteSource {
    private final String location;
    private final long size;

    /**
     * Null once closed: a shard read through mappings or from the heap keeps its source for its
     * location and size, and would otherwise keep the closed channel's objects too (about 300 bytes
     * a shard).
     */
    private volatile FileChannel channel;

    private LocalFileByteSource(String location, FileChannel channel) throws IOException {
        this.location = location;
        this.channel = channel;
        this.size = channel.size();
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

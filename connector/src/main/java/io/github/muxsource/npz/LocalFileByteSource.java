package io.github.muxsource.npz;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file, read with positioned reads and mappable into memory. */
final class LocalFileByteSource implements ByteSource {
    private final String location;
    private final FileChannel channel;
    private final long size;

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
            int n = channel.read(buffer, at);
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
        return channel.map(FileChannel.MapMode.READ_ONLY, position, length);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

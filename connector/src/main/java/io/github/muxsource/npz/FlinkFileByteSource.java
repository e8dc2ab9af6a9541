package io.github.muxsource.npz;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;

/**
 * A file on any Flink {@code FileSystem} (S3, HDFS, ...), read with seek-and-read on one stream.
 * Reads are serialized: one stream has one position.
 */
final class FlinkFileByteSource implements ByteSource {
    private final String location;
    private final FSDataInputStream in;
    private final long size;

    private FlinkFileByteSource(String location, FSDataInputStream in, long size) {
        this.location = location;
        this.in = in;
        this.size = size;
    }

    static FlinkFileByteSource open(String location, URI uri) throws IOException {
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
        FileSystem fs = path.getFileSystem();
        long size;
        try {
            size = fs.getFileStatus(path).getLen();
        } catch (FileNotFoundException e) {
            throw new NpzFormatException(location, null, "no such file");
        }
        return new FlinkFileByteSource(location, fs.open(path), size);
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
    public synchronized void readFully(long position, byte[] target, int offset, int length)
            throws IOException {
        if (in.getPos() != position) {
            in.seek(position);
        }
        int done = 0;
        while (done < length) {
            int n = in.read(target, offset + done, length - done);
            if (n < 0) {
                throw new EOFException(
                        location + ": unexpected end of file at byte " + (position + done));
            }
            done += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

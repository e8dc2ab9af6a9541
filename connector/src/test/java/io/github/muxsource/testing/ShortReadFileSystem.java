package io.github.muxsource.testing;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local files under the scheme {@code shortread://}, read as from a remote store: the next {@link
 * #endEarly} opens see the stream end after {@link #cutAfter} bytes, as a dropped connection that a
 * store reports as a normal end of stream.
 */
public final class ShortReadFileSystem extends LocalFileSystem {
    public static final String SCHEME = "shortread";

    /** How many of the next opens end early. */
    public static final AtomicInteger endEarly = new AtomicInteger();

    /** Bytes an early-ending stream delivers. */
    public static volatile long cutAfter;

    @Override
    public FSDataInputStream open(Path f) throws IOException {
        FSDataInputStream in = super.open(f);
        return endEarly.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? new Cut(in, cutAfter) : in;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public boolean isDistributedFS() {
        return true;
    }

    /** Registered in META-INF/services for the tests. */
    public static final class Factory implements FileSystemFactory {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileSystem create(URI fsUri) {
            return new ShortReadFileSystem();
        }
    }

    private static final class Cut extends FSDataInputStream {
        private final FSDataInputStream in;
        private long left;

        Cut(FSDataInputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            left--;
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }

        @Override
        public void seek(long desired) throws IOException {
            in.seek(desired);
        }

        @Override
        public long getPos() throws IOException {
            return in.getPos();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

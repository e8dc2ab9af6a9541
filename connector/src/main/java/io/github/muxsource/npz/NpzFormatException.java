package io.github.muxsource.npz;

import java.io.IOException;

/**
 * A file that is not a valid NPZ shard, or that this reader refuses. The message always names the
 * file, the entry when there is one, and the cause.
 */
public final class NpzFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String entry;

    public NpzFormatException(String file, String entry, String cause) {
        super(describe(file, entry) + ": " + cause);
        this.file = file;
        this.entry = entry;
    }

    public NpzFormatException(String file, String entry, String cause, Throwable source) {
        super(describe(file, entry) + ": " + cause, source);
        this.file = file;
        this.entry = entry;
    }

    /** The file (path or URI) that was refused. */
    public String file() {
        return file;
    }

    /** The entry inside the archive, or {@code null} when the archive itself is at fault. */
    public String entry() {
        return entry;
    }

    private static String describe(String file, String entry) {
        return entry == null ? file : file + " [" + entry + "]";
    }
}

package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/**
 * One stream of a lane: a row range of a shard, with what discovery saw of that shard so a reader
 * can check, when it opens the file, that it is still the one that was planned.
 *
 * @param dataset the dataset's index in configuration order
 * @param shard the shard's index within its dataset (lexicographic order of paths)
 * @param path the shard's path or URI
 * @param rowStart first row, inclusive
 * @param rowEnd last row, exclusive
 * @param weight the slice's weight in its lane's mux: its dataset's weight times its share of that
 *     dataset's rows in the lane
 * @param fileSize the shard's size in bytes when it was planned, or {@link #UNCHECKED}
 * @param fingerprint a hash of the shard's array layout (names, dtypes, shapes) when it was
 *     planned, or {@link #UNCHECKED} (lanes planned by version 1 carry neither)
 */
@Internal
public record ShardSlice(
        int dataset,
        int shard,
        String path,
        long rowStart,
        long rowEnd,
        double weight,
        long fileSize,
        long fingerprint)
        implements Serializable {

    /** Marks a size or fingerprint that was not recorded. */
    public static final long UNCHECKED = -1;

    /** A slice whose shard is not checked against its planned size and layout. */
    public ShardSlice(
            int dataset, int shard, String path, long rowStart, long rowEnd, double weight) {
        this(dataset, shard, path, rowStart, rowEnd, weight, UNCHECKED, UNCHECKED);
    }

    public long rows() {
        return rowEnd - rowStart;
    }

    @Override
    public String toString() {
        return "d" + dataset + "/s" + shard + "[" + rowStart + "," + rowEnd + ")";
    }
}

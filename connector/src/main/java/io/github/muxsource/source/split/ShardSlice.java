package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/**
 * One stream of a lane: a row range of a shard.
 *
 * @param dataset the dataset's index in configuration order
 * @param shard the shard's index within its dataset (lexicographic order of paths)
 * @param path the shard's path or URI
 * @param rowStart first row, inclusive
 * @param rowEnd last row, exclusive
 * @param weight the slice's weight in its lane's mux: its dataset's weight times its share of that
 *     dataset's rows in the lane
 */
@Internal
public record ShardSlice(
        int dataset, int shard, String path, long rowStart, long rowEnd, double weight)
        implements Serializable {

    public long rows() {
        return rowEnd - rowStart;
    }

    @Override
    public String toString() {
        return "d" + dataset + "/s" + shard + "[" + rowStart + "," + rowEnd + ")";
    }
}

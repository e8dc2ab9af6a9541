package io.github.muxsource.source;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.List;

/**
 * A named, weighted set of shards.
 *
 * @param name unique name, reported in records and metrics
 * @param weight relative weight, > 0; the target share is weight / sum of weights
 * @param paths files, directories (their {@code *.npz}) or globs in the last path component; any
 *     Flink file system URI
 */
@PublicEvolving
public record DatasetSpec(String name, double weight, List<String> paths) implements Serializable {
    public DatasetSpec {
        paths = List.copyOf(paths);
    }
}

package io.github.muxsource.source.enumerator;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.sample.FieldLayout;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses a dataset whose shards differ in layout: within a dataset every shard must have the same
 * field names, dtypes (byte order included) and row shapes, or a record's bytes would mean
 * different things depending on which shard it came from. Across datasets layouts may differ (every
 * record carries its own {@link FieldLayout}) unless the user asks for one layout.
 */
@Internal
public final class ShardLayoutCheck {
    private final String subject;
    private final String rule;
    private String firstPath;
    private FieldLayout first;

    /** A check of the shards of {@code dataset}, fed in path order. */
    public ShardLayoutCheck(String dataset) {
        this(
                "dataset '" + dataset + "'",
                "every shard of a dataset must have the same field names, dtypes and row shapes");
    }

    private ShardLayoutCheck(String subject, String rule) {
        this.subject = subject;
        this.rule = rule;
    }

    /** A check of one shard per dataset, fed in dataset order, for sameLayoutAcrossDatasets. */
    public static ShardLayoutCheck acrossDatasets() {
        return new ShardLayoutCheck(
                "sameLayoutAcrossDatasets(true)",
                "every dataset must have the same field names, dtypes and row shapes");
    }

    /** The layout of an open shard: its arrays' names, dtypes and row shapes, in archive order. */
    public static FieldLayout layoutOf(NpzShard shard) {
        List<String> names = new ArrayList<>();
        List<String> descrs = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (NpyArray a : shard.arrays()) {
            names.add(a.name());
            descrs.add(a.dtype().descr());
            shapes.add(a.rowShape());
        }
        return new FieldLayout(names, descrs, shapes);
    }

    /**
     * Adds the next shard; the first one sets the layout every later one must have.
     *
     * @throws InvalidDatasetException naming both shards, the field and both layouts
     */
    public void add(String path, FieldLayout layout) throws InvalidDatasetException {
        if (first == null) {
            first = layout;
            firstPath = path;
            return;
        }
        if (first.equals(layout)) {
            return;
        }
        throw new InvalidDatasetException(
                subject
                        + ": shard "
                        + path
                        + " "
                        + difference(layout)
                        + "; "
                        + rule
                        + " (layouts "
                        + layout
                        + " and "
                        + first
                        + ")");
    }

    private String difference(FieldLayout other) {
        List<String> names = names(first);
        List<String> otherNames = names(other);
        if (!names.equals(otherNames)) {
            return "has fields " + otherNames + " but shard " + firstPath + " has " + names;
        }
        for (int f = 0; f < first.size(); f++) {
            String a = describe(first, f);
            String b = describe(other, f);
            if (!a.equals(b)) {
                return "has field '"
                        + first.name(f)
                        + "' as "
                        + b
                        + " but shard "
                        + firstPath
                        + " has it as "
                        + a;
            }
        }
        return "differs from shard " + firstPath;
    }

    private static List<String> names(FieldLayout layout) {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < layout.size(); f++) {
            names.add(layout.name(f));
        }
        return names;
    }

    private static String describe(FieldLayout layout, int field) {
        return layout.descr(field) + " rows of shape " + Arrays.toString(layout.shape(field));
    }
}

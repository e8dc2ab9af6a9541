package io.github.muxsource.source.enumerator;

import org.apache.flink.annotation.Internal;

import java.util.Set;
import java.util.TreeSet;

/**
 * What discovery knows of one dataset while a monitored job runs: its layout, the paths already
 * seen (valid or skipped, so none is dealt or counted twice), how many shards and rows were dealt,
 * and the rows and weight of the first plan (the unit of a row's weight, see {@link ShardDealer}).
 */
@Internal
public final class DatasetProgress {
    private String layout;
    private final TreeSet<String> known;
    private long firstRows;
    private double firstWeight;
    private long dealt;
    private int shards;

    /**
     * @param layout the dataset's field layout ({@code FieldLayout.toString()}), which every new
     *     shard must have; empty for a dataset added at a restore until its first shard is found
     * @param known paths already seen
     * @param firstRows rows at the first plan
     * @param dealt rows dealt so far
     * @param shards shards dealt so far (the next one's index)
     */
    public DatasetProgress(
            String layout, Set<String> known, long firstRows, long dealt, int shards) {
        this(layout, known, firstRows, 0, dealt, shards);
    }

    /**
     * @param firstWeight the dataset's weight when its first rows were dealt, which every later
     *     slice is weighed with (lanes scale slices by the weight now over the planned one)
     */
    public DatasetProgress(
            String layout,
            Set<String> known,
            long firstRows,
            double firstWeight,
            long dealt,
            int shards) {
        this.layout = layout;
        this.known = new TreeSet<>(known);
        this.firstRows = firstRows;
        this.firstWeight = firstWeight;
        this.dealt = dealt;
        this.shards = shards;
    }

    public DatasetProgress copy() {
        return new DatasetProgress(layout, known, firstRows, firstWeight, dealt, shards);
    }

    public String layout() {
        return layout;
    }

    /** A dataset added at a restore: nothing found yet, its layout set by its first shard. */
    static DatasetProgress added() {
        return new DatasetProgress("", Set.of(), 0, 0, 0);
    }

    void layout(String firstShardLayout) {
        layout = firstShardLayout;
    }

    /** Paths seen so far, sorted. */
    public Set<String> known() {
        return java.util.Collections.unmodifiableSet(known);
    }

    /** Remembers a path; false if it was already known. */
    boolean markKnown(String path) {
        return known.add(path);
    }

    public long firstRows() {
        return firstRows;
    }

    void firstRows(long rows) {
        firstRows = rows;
    }

    public double firstWeight() {
        return firstWeight;
    }

    void firstWeight(double weight) {
        firstWeight = weight;
    }

    public long dealt() {
        return dealt;
    }

    void dealt(long rows) {
        dealt = rows;
    }

    public int shards() {
        return shards;
    }

    void shards(int count) {
        shards = count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetProgress p
                && layout.equals(p.layout)
                && known.equals(p.known)
                && firstRows == p.firstRows
                && firstWeight == p.firstWeight
                && dealt == p.dealt
                && shards == p.shards;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(layout, known, firstRows, firstWeight, dealt, shards);
    }

    @Override
    public String toString() {
        return "DatasetProgress[dealt="
                + dealt
                + " rows in "
                + shards
                + " shards, known="
                + known.size()
                + " paths]";
    }
}

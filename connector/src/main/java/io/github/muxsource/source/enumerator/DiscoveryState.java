package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.split.ShardSlice;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Discovery's part of the enumerator state: each dataset's {@link DatasetProgress}, and per lane
 * the slices dealt to it after the first plan, numbered from {@code firstSlices} (the lane's slice
 * count at the first plan), so that a lane that lacks some can be sent exactly those.
 *
 * @param datasets progress per dataset, in dataset order
 * @param firstSlices per lane, its slice count at the first plan
 * @param added per lane, the slices dealt to it since, in order
 */
@Internal
public record DiscoveryState(
        List<DatasetProgress> datasets, int[] firstSlices, List<List<ShardSlice>> added) {

    /** A deep copy, so a checkpoint holds the state as it was when taken. */
    public DiscoveryState copy() {
        List<DatasetProgress> d = new ArrayList<>();
        datasets.forEach(p -> d.add(p.copy()));
        List<List<ShardSlice>> a = new ArrayList<>();
        added.forEach(l -> a.add(new ArrayList<>(l)));
        return new DiscoveryState(d, firstSlices.clone(), a);
    }

    /**
     * This state for a configuration of {@code datasets} datasets: datasets added at a restore
     * (after the restored ones, as the restore rules require) start with nothing found, so their
     * shards are dealt to the lanes like any new shards.
     */
    public DiscoveryState withDatasets(int datasets) {
        if (datasets <= this.datasets.size()) {
            return this;
        }
        List<DatasetProgress> d = new ArrayList<>(this.datasets);
        while (d.size() < datasets) {
            d.add(DatasetProgress.added());
        }
        return new DiscoveryState(d, firstSlices, added);
    }

    /** The lane's slices numbered {@code from} on (those it lacks if it holds {@code from}). */
    public List<ShardSlice> slicesFrom(int lane, int from) {
        List<ShardSlice> laneAdded = added.get(lane);
        int skip = Math.max(0, from - firstSlices[lane]);
        return skip >= laneAdded.size()
                ? List.of()
                : List.copyOf(laneAdded.subList(skip, laneAdded.size()));
    }

    /** How many slices the lane holds in all. */
    public int sliceCount(int lane) {
        return firstSlices[lane] + added.get(lane).size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscoveryState s
                && datasets.equals(s.datasets)
                && java.util.Arrays.equals(firstSlices, s.firstSlices)
                && added.equals(s.added);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * datasets.hashCode() + java.util.Arrays.hashCode(firstSlices))
                + added.hashCode();
    }
}

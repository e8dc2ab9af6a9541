package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pescador's {@code ShuffledMux}: every stream is always active, and each item comes from stream i
 * with probability w_i / Σw over the streams not pruned. A stream that ends is restarted; one whose
 * activation yielded nothing is pruned, and the mux ends when all are pruned.
 *
 * <p>From state version 3 the draw costs O(log streams): the weights, as integers with the same
 * ratios ({@link Weights#fixedPoint}), sit in a {@link FenwickTree} where a pruned stream weighs 0.
 * A run restored from version 1 or 2 keeps their draw, a scan of every stream per item in floating
 * point, so that it continues exactly.
 *
 * @param <T> the item type
 */
public final class ShuffledMux<T> implements GrowableStreamer<T> {
    private final List<? extends Streamer<T>> streams;
    private final double[] weights;

    /** {@link #weights} as integers with the same ratios, from the weights as given. */
    private final long[] fixed;

    /**
     * @param weights one non-negative weight per stream, or {@code null} for equal weights
     */
    public ShuffledMux(List<? extends Streamer<T>> streams, double[] weights) {
        this.streams = List.copyOf(StochasticMux.require(streams, "streams"));
        this.weights = Weights.normalise(weights, this.streams.size());
        this.fixed = Weights.fixedPoint(weights, this.streams.size(), 1);
    }

    @Override
    public Cursor<T> open(long seed) {
        return open(seed, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> restore(DataInput in) throws IOException {
        return restore(in, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> open(long seed, int version) {
        return new Run(MuxSnapshots.checkVersion(version), Rng.seeded(seed));
    }

    @Override
    public int streamCount() {
        return streams.size();
    }

    @Override
    public Cursor<T> restore(DataInput in, int version) throws IOException {
        return restoreGrown(in, version, streams.size());
    }

    /** Added streams join unpruned (unless weightless) and open on their first draw. */
    @Override
    public Cursor<T> restoreGrown(DataInput in, int version, int written) throws IOException {
        Run run = new Run(MuxSnapshots.checkVersion(version), Rng.readFrom(in));
        run.activations = in.readLong();
        for (int s = 0; s < written; s++) {
            run.pruned[s] = in.readBoolean();
            if (run.pruned[s]) {
                run.prune(s);
            } else if (in.readBoolean()) {
                run.counts[s] = in.readLong();
                run.cursors.set(s, streams.get(s).restore(in, version));
            }
        }
        return run;
    }

    private final class Run implements Cursor<T>, MuxStatistics, Reweightable {
        private final int version;
        private final Rng rng;
        private final List<Cursor<T>> cursors = new ArrayList<>();
        private final long[] counts = new long[streams.size()];
        private final boolean[] pruned = new boolean[streams.size()];
        private long activations;

        /** The weights drawn with now: the mux's, until {@link #reweight}. */
        private double[] current = weights;

        /** Version 3: {@link #current} as integers, and those of streams not pruned in a tree. */
        private long[] fixed;

        private FenwickTree tree;

        /** Versions 1 and 2: scratch for the scan, one weight per stream; null from version 3. */
        private final double[] live;

        Run(int version, Rng rng) {
            this.version = version;
            this.rng = rng;
            for (int s = 0; s < streams.size(); s++) {
                cursors.add(null);
                pruned[s] = weights[s] == 0;
            }
            if (version >= MuxSnapshots.VERSION_3) {
                fixed = ShuffledMux.this.fixed;
                plantTree();
                live = null;
            } else {
                live = new double[streams.size()];
            }
        }

        /** Builds the tree from the weights and the pruned flags; O(streams). */
        private void plantTree() {
            long[] weights = new long[fixed.length];
            for (int s = 0; s < weights.length; s++) {
                weights[s] = pruned[s] ? 0 : fixed[s];
            }
            tree = new FenwickTree(weights);
        }

        /** Takes stream {@code s} out of the draw for good. */
        private void prune(int s) {
            pruned[s] = true;
            if (tree != null) {
                tree.set(s, 0);
            }
        }

        /** The next item's stream, or -1 when every stream is pruned or weighs nothing. */
        private int pick() {
            if (tree != null) {
                long total = tree.total();
                return total == 0 ? -1 : tree.find(rng.nextLong(total));
            }
            double total = 0;
            for (int s = 0; s < live.length; s++) {
                live[s] = pruned[s] ? 0 : current[s];
                total += live[s];
            }
            return total == 0 ? -1 : rng.pick(live, live.length, total);
        }

        @Override
        public T next() {
            while (true) {
                int s = pick();
                if (s < 0) {
                    return null;
                }
                if (cursors.get(s) == null) {
                    cursors.set(s, streams.get(s).open(rng.nextLong(), version));
                    counts[s] = 0;
                    activations++;
                }
                T item = cursors.get(s).next();
                if (item != null) {
                    counts[s]++;
                    return item;
                }
                // Ended: restart on its next turn, unless it yielded nothing at all.
                if (counts[s] == 0) {
                    prune(s);
                }
                cursors.set(s, null);
            }
        }

        @Override
        public int version() {
            return version;
        }

        /**
         * New weights from the next item on: every stream stays open where it is, and the next
         * item's stream is drawn by the new weights. A stream that had weight zero when the run
         * opened counts as pruned (the mux's rule) and stays so.
         */
        @Override
        public void reweight(double[] weights) {
            current = Weights.normalise(weights, streams.size());
            if (tree != null) {
                fixed = Weights.fixedPoint(weights, streams.size(), 1);
                plantTree();
            }
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            rng.writeTo(out);
            out.writeLong(activations);
            for (int s = 0; s < streams.size(); s++) {
                out.writeBoolean(pruned[s]);
                if (!pruned[s]) {
                    out.writeBoolean(cursors.get(s) != null);
                    if (cursors.get(s) != null) {
                        out.writeLong(counts[s]);
                        cursors.get(s).snapshot(out);
                    }
                }
            }
        }

        @Override
        public long activations() {
            return activations;
        }

        @Override
        public int activeStreams() {
            int n = 0;
            for (boolean p : pruned) {
                n += p ? 0 : 1;
            }
            return n;
        }
    }
}

package io.github.muxsource.mux;

/**
 * Integer weights with O(log n) update and O(log n) weighted choice (a Fenwick, or binary indexed,
 * tree): what lets a mux with many streams choose the next one without scanning them all. Exact:
 * {@link #find} of a uniform {@code r} in {@code [0, total)} returns {@code i} with probability
 * exactly {@code weight(i) / total}.
 */
final class FenwickTree {
    /** 1-based partial sums: tree[i] holds the weights of (i - lowbit(i), i]. */
    private final long[] tree;

    private final long[] weights;
    private long total;

    /** A tree over {@code weights} (each >= 0), built in O(n). */
    FenwickTree(long[] weights) {
        int n = weights.length;
        this.weights = weights.clone();
        this.tree = new long[n + 1];
        for (int i = 1; i <= n; i++) {
            tree[i] += weights[i - 1];
            total += weights[i - 1];
            int parent = i + (i & -i);
            if (parent <= n) {
                tree[parent] += tree[i];
            }
        }
    }

    long total() {
        return total;
    }

    long weight(int index) {
        return weights[index];
    }

    /** Sets the weight of {@code index} (>= 0). */
    void set(int index, long weight) {
        long delta = weight - weights[index];
        if (delta == 0) {
            return;
        }
        weights[index] = weight;
        total += delta;
        for (int i = index + 1; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }

    /**
     * The index whose cumulative range holds {@code r}: the smallest i with weight(0) + ... +
     * weight(i) > r, for {@code 0 <= r < total}.
     */
    int find(long r) {
        int position = 0;
        for (int step = Integer.highestOneBit(Math.max(1, tree.length - 1)); step > 0; step >>= 1) {
            int next = position + step;
            if (next < tree.length && tree[next] <= r) {
                position = next;
                r -= tree[next];
            }
        }
        return position;
    }
}

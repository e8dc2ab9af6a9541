package io.github.muxsource.mux;

/**
 * A cursor whose stream weights can change while it runs: a weight change is an event at an item
 * position, so whoever calls {@link #reweight} at the same positions of the same run gets the same
 * items. The new weights are not part of the cursor's snapshot: the caller keeps them and builds
 * the mux with them before restoring it.
 */
public interface Reweightable {
    /**
     * Draws from the next item on with {@code weights} (one per stream, the rules of the mux's own
     * weights). What happens to streams already active is each mux's contract ({@code
     * docs/mixing.md}).
     *
     * @throws IllegalArgumentException for weights the mux's builder would refuse
     */
    void reweight(double[] weights);
}

package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/**
 * Pescador's {@code StochasticMux}: {@code nActive} slots, each holding an active stream; every
 * item comes from a slot chosen with probability proportional to its stream's weight, and a slot
 * whose stream ends or spends its budget is refilled.
 *
 * <ul>
 *   <li>{@code rate}: the mean budget of an activation (items before the slot is refilled), drawn
 *       from {@link BudgetDistribution}; {@code null} = until the stream ends.
 *   <li>{@link StochasticMode}: which streams may fill a slot.
 *   <li>{@link Activation}: whether the filling stream is chosen by weight or uniformly.
 *   <li>{@code pruneEmptyStreams}: a stream whose activation yields nothing is never activated
 *       again.
 * </ul>
 *
 * <p>Unlike Pescador, it never spins without yielding: when every stream that could still be
 * activated has come up empty since the last item, the mux ends. A zero-weight stream never
 * occupies a slot. This object is the immutable configuration; {@link #open} starts a run.
 *
 * @param <T> the item type
 */
public final class StochasticMux<T> implements GrowableStreamer<T> {
    final List<? extends Streamer<T>> streams;

    /** The weights a run starts with; a run may change its own ({@link Reweightable}). */
    final StreamWeights weights;

    final int nActive;
    final double rate;
    final StochasticMode mode;
    final BudgetDistribution dist;
    final Activation activation;
    final boolean pruneEmptyStreams;

    private StochasticMux(Builder<T> b) {
        this.streams = List.copyOf(b.streams);
        this.nActive = b.nActive;
        this.weights = StreamWeights.of(b.weights, streams.size(), nActive);
        this.rate = b.rate == null ? Double.NaN : b.rate;
        this.mode = b.mode;
        this.dist = b.dist;
        this.activation = b.activation;
        this.pruneEmptyStreams = b.pruneEmptyStreams;
        int eligible = weights.positive();
        if (mode != StochasticMode.WITH_REPLACEMENT && nActive > eligible) {
            throw new IllegalArgumentException(
                    "mode="
                            + mode
                            + " requires nActive="
                            + nActive
                            + " to be at most the number of streams with a positive weight="
                            + eligible);
        }
    }

    public static <T> Builder<T> builder(List<? extends Streamer<T>> streams) {
        return new Builder<>(streams);
    }

    /** Whether activations have a budget (a {@code rate} was set). */
    boolean hasRate() {
        return !Double.isNaN(rate);
    }

    @Override
    public Cursor<T> open(long seed) {
        return open(seed, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> open(long seed, int version) {
        return StochasticRun.open(this, Rng.seeded(seed), MuxSnapshots.checkVersion(version));
    }

    @Override
    public Cursor<T> restore(DataInput in) throws IOException {
        return restore(in, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<T> restore(DataInput in, int version) throws IOException {
        return StochasticRun.restore(this, in, MuxSnapshots.checkVersion(version), streams.size());
    }

    @Override
    public int streamCount() {
        return streams.size();
    }

    /**
     * Added streams join as never activated; a started run fills its dead slots from them at once
     * (a run that had ended for want of candidates continues).
     */
    @Override
    public Cursor<T> restoreGrown(DataInput in, int version, int written) throws IOException {
        return StochasticRun.restore(this, in, MuxSnapshots.checkVersion(version), written);
    }

    /** Collects and checks a {@link StochasticMux} configuration. */
    public static final class Builder<T> {
        private final List<? extends Streamer<T>> streams;
        private double[] weights;
        private int nActive;
        private Double rate;
        private StochasticMode mode = StochasticMode.SINGLE_ACTIVE;
        private BudgetDistribution dist = BudgetDistribution.BINOMIAL;
        private Activation activation = Activation.WEIGHTED;
        private boolean pruneEmptyStreams = true;

        private Builder(List<? extends Streamer<T>> streams) {
            if (streams == null) {
                throw new IllegalArgumentException("streams must not be null");
            }
            this.streams = streams;
            this.nActive = Math.max(1, streams.size());
        }

        /** Slots of simultaneously active streams; at least 1. Default: every stream. */
        public Builder<T> nActive(int nActive) {
            this.nActive = checkNActive(nActive);
            return this;
        }

        /** Mean items per activation, at least 1; {@code null} = until the stream ends. */
        public Builder<T> rate(Double rate) {
            this.rate = checkRate(rate);
            return this;
        }

        /** One non-negative weight per stream; normalised. Default: equal weights. */
        public Builder<T> weights(double... weights) {
            this.weights = weights == null ? null : weights.clone();
            return this;
        }

        public Builder<T> mode(StochasticMode mode) {
            this.mode = require(mode, "mode");
            return this;
        }

        public Builder<T> dist(BudgetDistribution dist) {
            this.dist = require(dist, "dist");
            return this;
        }

        public Builder<T> activation(Activation activation) {
            this.activation = require(activation, "activation");
            return this;
        }

        /** Never reactivate a stream whose activation yielded nothing. Default: true. */
        public Builder<T> pruneEmptyStreams(boolean prune) {
            this.pruneEmptyStreams = prune;
            return this;
        }

        public StochasticMux<T> build() {
            return new StochasticMux<>(this);
        }
    }

    /** Checks a slot count: at least 1. Shared with every builder that takes one. */
    public static int checkNActive(int nActive) {
        if (nActive < 1) {
            throw new IllegalArgumentException("nActive must be >= 1, got " + nActive);
        }
        return nActive;
    }

    /** Checks a rate: finite and at least 1, or {@code null} for none. */
    public static Double checkRate(Double rate) {
        if (rate != null && !(rate >= 1 && rate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("rate must be >= 1 (or none), got " + rate);
        }
        return rate;
    }

    static <V> V require(V value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}

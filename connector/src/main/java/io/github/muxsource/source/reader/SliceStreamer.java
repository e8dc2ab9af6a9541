package io.github.muxsource.source.reader;

import io.github.muxsource.mux.Cursor;
import io.github.muxsource.mux.FeistelPermutation;
import io.github.muxsource.mux.MuxSnapshots;
import io.github.muxsource.mux.Rng;
import io.github.muxsource.mux.Streamer;
import io.github.muxsource.source.RowOrder;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The rows of one slice (a row range of a shard) in the configured {@link RowOrder}, as {@link
 * RowRef}s. It does no I/O, so the mux stays pure; the lane reads the bytes of each row it emits.
 * Randomness derives from the slice's own seed and the activation seed, never from the reader.
 *
 * <p>A {@code SHUFFLED} stream's state is its permutation seed and its position. State version 2
 * evaluates a {@link FeistelPermutation} of the seed row by row (O(1) memory and time per row); a
 * stream of a lane restored from version 1 rebuilds version 1's Fisher–Yates permutation ({@link
 * Rng#shuffle}, O(rows) ints while active), so that lane continues exactly as version 1 would have.
 */
final class SliceStreamer implements Streamer<RowRef> {
    private final int slice;
    private final long start;
    private final long rows;
    private final RowOrder order;
    private final long sliceSeed;

    SliceStreamer(int slice, long start, long end, RowOrder order, long sliceSeed) {
        if (order == RowOrder.SHUFFLED && end - start > FeistelPermutation.MAX_SIZE) {
            throw new IllegalArgumentException(
                    "rowOrder=SHUFFLED supports up to 2^62 rows per slice, got " + (end - start));
        }
        this.slice = slice;
        this.start = start;
        this.rows = end - start;
        this.order = order;
        this.sliceSeed = sliceSeed;
    }

    @Override
    public Cursor<RowRef> open(long seed) {
        return open(seed, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<RowRef> open(long seed, int version) {
        Rng rng = Rng.seeded(Rng.derive(sliceSeed, seed));
        return switch (order) {
            case RANDOM -> new RandomRows(rng);
            case SEQUENTIAL -> new SequentialRows(0);
            case SHUFFLED -> shuffled(rng.nextLong(), 0, version);
        };
    }

    @Override
    public Cursor<RowRef> restore(DataInput in) throws IOException {
        return restore(in, MuxSnapshots.CURRENT_VERSION);
    }

    @Override
    public Cursor<RowRef> restore(DataInput in, int version) throws IOException {
        return switch (order) {
            case RANDOM -> new RandomRows(Rng.readFrom(in));
            case SEQUENTIAL -> new SequentialRows(in.readLong());
            case SHUFFLED -> shuffled(in.readLong(), in.readLong(), version);
        };
    }

    private Cursor<RowRef> shuffled(long permutationSeed, long position, int version) {
        return version == MuxSnapshots.VERSION_1
                ? new StoredPermutationRows(permutationSeed, position)
                : new ComputedPermutationRows(permutationSeed, position, version);
    }

    /** Uniform rows with replacement, forever; state: the RNG. */
    private final class RandomRows implements Cursor<RowRef> {
        private final Rng rng;

        RandomRows(Rng rng) {
            this.rng = rng;
        }

        @Override
        public RowRef next() {
            return rows == 0 ? null : new RowRef(slice, start + rng.nextLong(rows));
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            rng.writeTo(out);
        }
    }

    /** Each row once, in order; state: the position. */
    private final class SequentialRows implements Cursor<RowRef> {
        private long position;

        SequentialRows(long position) {
            this.position = position;
        }

        @Override
        public RowRef next() {
            return position >= rows ? null : new RowRef(slice, start + position++);
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeLong(position);
        }
    }

    /** Each row once, in the Feistel permutation of the seed (version 2); state: seed, position. */
    private final class ComputedPermutationRows implements Cursor<RowRef> {
        private final long permutationSeed;
        private final FeistelPermutation permutation;
        private long position;

        /** The state version it was opened at: 2 or later, which all permute alike. */
        private final int version;

        ComputedPermutationRows(long permutationSeed, long position, int version) {
            this.version = version;
            this.permutationSeed = permutationSeed;
            this.permutation = rows == 0 ? null : new FeistelPermutation(rows, permutationSeed);
            this.position = position;
        }

        @Override
        public RowRef next() {
            return position >= rows
                    ? null
                    : new RowRef(slice, start + permutation.apply(position++));
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeLong(permutationSeed);
            out.writeLong(position);
        }

        @Override
        public int version() {
            return version;
        }
    }

    /**
     * Each row once, in the Fisher–Yates permutation of the seed, rebuilt while active (version 1);
     * state: seed, position.
     */
    private final class StoredPermutationRows implements Cursor<RowRef> {
        private final long permutationSeed;
        private final int[] permutation;
        private long position;

        StoredPermutationRows(long permutationSeed, long position) {
            if (rows > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "state version 1 shuffles up to 2^31 rows per slice, got " + rows);
            }
            this.permutationSeed = permutationSeed;
            this.position = position;
            this.permutation = new int[(int) rows];
            for (int i = 0; i < permutation.length; i++) {
                permutation[i] = i;
            }
            Rng.seeded(permutationSeed).shuffle(permutation);
        }

        @Override
        public RowRef next() {
            return position >= rows
                    ? null
                    : new RowRef(slice, start + permutation[(int) position++]);
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            out.writeLong(permutationSeed);
            out.writeLong(position);
        }

        @Override
        public int version() {
            return MuxSnapshots.VERSION_1;
        }
    }
}

package io.github.muxsource.source.reader;

import io.github.muxsource.mux.Cursor;
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
 */
final class SliceStreamer implements Streamer<RowRef> {
    private final int slice;
    private final long start;
    private final long rows;
    private final RowOrder order;
    private final long sliceSeed;

    SliceStreamer(int slice, long start, long end, RowOrder order, long sliceSeed) {
        if (order == RowOrder.SHUFFLED && end - start > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "rowOrder=SHUFFLED supports up to 2^31 rows per slice, got " + (end - start));
        }
        this.slice = slice;
        this.start = start;
        this.rows = end - start;
        this.order = order;
        this.sliceSeed = sliceSeed;
    }

    @Override
    public Cursor<RowRef> open(long seed) {
        Rng rng = Rng.seeded(Rng.derive(sliceSeed, seed));
        return switch (order) {
            case RANDOM -> new RandomRows(rng);
            case SEQUENTIAL -> new PermutedRows(null, 0);
            case SHUFFLED -> new PermutedRows(rng.nextLong(), 0);
        };
    }

    @Override
    public Cursor<RowRef> restore(DataInput in) throws IOException {
        return switch (order) {
            case RANDOM -> new RandomRows(Rng.readFrom(in));
            case SEQUENTIAL -> new PermutedRows(null, in.readLong());
            case SHUFFLED -> new PermutedRows(in.readLong(), in.readLong());
        };
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

    /**
     * Each row once, in order or in a permutation rebuilt from its seed (O(rows) ints while
     * active); state: the permutation seed and the position.
     */
    private final class PermutedRows implements Cursor<RowRef> {
        private final Long permutationSeed;
        private final int[] permutation;
        private long position;

        PermutedRows(Long permutationSeed, long position) {
            this.permutationSeed = permutationSeed;
            this.position = position;
            this.permutation = permutationSeed == null ? null : shuffle(permutationSeed);
        }

        private int[] shuffle(long seed) {
            Rng rng = Rng.seeded(seed);
            int[] p = new int[(int) rows];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
            for (int i = p.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        @Override
        public RowRef next() {
            if (position >= rows) {
                return null;
            }
            long offset = permutation == null ? position : permutation[(int) position];
            position++;
            return new RowRef(slice, start + offset);
        }

        @Override
        public void snapshot(DataOutput out) throws IOException {
            if (permutationSeed != null) {
                out.writeLong(permutationSeed);
            }
            out.writeLong(position);
        }
    }
}

package io.github.muxsource.mux;

/**
 * A seeded bijection of {@code [0, size)}, evaluated one position at a time: a shuffled stream's
 * row order without storing it, so its state stays a seed and a position (O(1) memory and O(1)
 * expected time per row, however many rows).
 *
 * <p>Algorithm (part of the determinism contract; {@code FeistelPermutationTest} pins it): a
 * balanced Feistel network of {@value #ROUNDS} rounds over the smallest even number of bits {@code
 * 2h >= 2} that holds {@code size - 1}, with the round function {@code F_r(x) = mix(x ^ k_r) & (2^h
 * - 1)} ({@link Rng#mix}, the SplitMix64 finaliser) and round keys {@code k_r} the first outputs of
 * {@code Rng.seeded(seed)}; positions that land outside {@code [0, size)} are encrypted again
 * (cycle walking), which keeps it a bijection of {@code [0, size)}. The Feistel domain is less than
 * {@code 4 * size}, so a position takes fewer than four walks on average. Integer arithmetic only:
 * the same seed gives the same order on every platform.
 */
public final class FeistelPermutation {
    /** Rounds of the network: enough that small domains look uniform too (tested). */
    static final int ROUNDS = 8;

    /** The largest size: the Feistel domain (at most {@code 2^62}) must stay a positive long. */
    public static final long MAX_SIZE = 1L << 62;

    private final long size;
    private final int halfBits;
    private final long mask;
    private final long[] keys = new long[ROUNDS];

    /**
     * @param size how many positions, 1 to {@link #MAX_SIZE}
     * @param seed the permutation's seed: the same seed always gives the same permutation
     */
    public FeistelPermutation(long size, long seed) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and 2^62 rows, got " + size);
        }
        this.size = size;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
        this.halfBits = (bits + 1) / 2;
        this.mask = (1L << halfBits) - 1;
        Rng rng = Rng.seeded(seed);
        for (int r = 0; r < ROUNDS; r++) {
            keys[r] = rng.nextLong();
        }
    }

    public long size() {
        return size;
    }

    /** The position {@code index} maps to; {@code index} in {@code [0, size)}. */
    public long apply(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index must be in [0, " + size + "), got " + index);
        }
        long x = index;
        do {
            x = encrypt(x);
        } while (x >= size);
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & mask;
        for (long key : keys) {
            long next = left ^ (Rng.mix(right ^ key) & mask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }
}

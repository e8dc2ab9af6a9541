package io.github.muxsource.mux;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The one source of randomness of every mux: xoshiro256** (Blackman and Vigna, 2018) seeded through
 * SplitMix64, with explicit, serializable state (four longs).
 *
 * <p>The algorithm and every derived draw below are part of the determinism contract: changing any
 * of them changes every user's sample stream, which {@code RngTest} pins. Draws that need
 * logarithms or exponentials use {@link StrictMath} (fdlibm, bit-identical on every platform),
 * never {@link Math}, whose intrinsics may differ by an ulp between CPUs: a checkpoint taken on one
 * architecture continues identically on another. Not thread-safe; each cursor owns its instance.
 */
public final class Rng {
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    private Rng(long s0, long s1, long s2, long s3) {
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** A generator whose state is four SplitMix64 outputs from {@code seed}. */
    public static Rng seeded(long seed) {
        long x = seed;
        long a = mix(x += 0x9E3779B97F4A7C15L);
        long b = mix(x += 0x9E3779B97F4A7C15L);
        long c = mix(x += 0x9E3779B97F4A7C15L);
        long d = mix(x + 0x9E3779B97F4A7C15L);
        return new Rng(a, b, c, d);
    }

    /**
     * A seed for an independent sub-stream identified by {@code ids} under {@code seed}, e.g.
     * (seed, lane) or (seed, dataset, shard): the same ids always give the same seed.
     */
    public static long derive(long seed, long... ids) {
        long h = mix(seed ^ 0x5851F42D4C957F2DL);
        for (long id : ids) {
            h = mix(h + 0x9E3779B97F4A7C15L + mix(id));
        }
        return h;
    }

    /** The SplitMix64 finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound), unbiased (Lemire's multiply-and-reject). */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        if (bound <= Integer.MAX_VALUE) {
            long m = (nextLong() >>> 32) * bound;
            long low = m & 0xFFFFFFFFL;
            if (low < bound) {
                long threshold = (0x100000000L - bound) % bound;
                while (low < threshold) {
                    m = (nextLong() >>> 32) * bound;
                    low = m & 0xFFFFFFFFL;
                }
            }
            return m >>> 32;
        }
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /**
     * Shuffles {@code a} in place, Fisher–Yates from the last element down ({@code j = nextInt(i +
     * 1)}): the one shuffle of every mux and of state version 1's shuffled rows.
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** An index i with probability weights[i] / total, over the first {@code n} weights. */
    public int pick(double[] weights, int n, double total) {
        double u = nextDouble() * total;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += weights[i];
            if (u < sum) {
                return i;
            }
        }
        // Rounding can leave u just above the last partial sum: take the last positive weight.
        for (int i = n - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no positive weight among " + n);
    }

    /**
     * Poisson(mean): multiplication for small means, Hörmann's PTRS (1993, as in numpy) above 10.
     */
    public long poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 10) {
            double limit = StrictMath.exp(-mean);
            long k = 0;
            double product = nextDouble();
            while (product > limit) {
                k++;
                product *= nextDouble();
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double loglam = StrictMath.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = nextDouble() - 0.5;
            double v = nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (StrictMath.log(v) + StrictMath.log(invalpha) - StrictMath.log(a / (us * us) + b)
                    <= -mean + k * loglam - logFactorial(k)) {
                return k;
            }
        }
    }

    /**
     * Binomial(n, p), exactly: counts successes by geometric skips over the rarer outcome, so the
     * cost is O(n · min(p, 1 − p)), paid once per activation and amortized over its items.
     */
    public long binomial(long n, double p) {
        if (n <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        boolean flip = p > 0.5;
        double q = flip ? 1 - p : p;
        double logMiss = StrictMath.log1p(-q);
        long count = 0;
        long position = 0;
        while (true) {
            // Trials up to and including the next success: 1 + Geometric(q) failures.
            double skip = Math.floor(StrictMath.log(1 - nextDouble()) / logMiss);
            if (skip >= n - position) {
                break;
            }
            position += (long) skip + 1;
            count++;
        }
        return flip ? n - count : count;
    }

    /** log(k!) via numpy's log-gamma series; exact enough for PTRS's acceptance test. */
    static double logFactorial(long k) {
        double x = k + 1.0;
        if (x == 1 || x == 2) {
            return 0;
        }
        final double[] a = {
            8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
            -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
            6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
            -1.39243221690590e+00
        };
        double x0 = x;
        long shift = 0;
        if (x <= 7) {
            shift = (long) (7 - x);
            x0 = x + shift;
        }
        double x2 = 1.0 / (x0 * x0);
        double gl0 = a[9];
        for (int i = 8; i >= 0; i--) {
            gl0 = gl0 * x2 + a[i];
        }
        double gl =
                gl0 / x0 + 0.5 * StrictMath.log(2 * Math.PI) + (x0 - 0.5) * StrictMath.log(x0) - x0;
        for (long i = 1; i <= shift; i++) {
            x0 -= 1;
            gl -= StrictMath.log(x0);
        }
        return gl;
    }

    /** Writes the four state words. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(s0);
        out.writeLong(s1);
        out.writeLong(s2);
        out.writeLong(s3);
    }

    /** Reads a generator written by {@link #writeTo}. */
    public static Rng readFrom(DataInput in) throws IOException {
        return new Rng(in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}

import java.util.SplittableRandom;

/**
 * What one dependent memory read costs on this machine, by working-set size: a pointer chase
 * through one random cycle over the set, one cache line per step, so that every read waits for the
 * one before it, as a lane's first read of a cold stream waits for each object on its way to the
 * rows (docs/benchmarks.md, issue 16). Where the time per step jumps is where the caches end.
 *
 * <p>Run with {@code java docs/MemoryLatency.java}; prints ns per read for each size, three times.
 */
public class MemoryLatency {
    /** Ints per 64-byte cache line: one line per step. */
    private static final int LINE = 16;

    private static final long STEPS = 20_000_000L;

    public static void main(String[] args) {
        int[] kibs = {256, 1024, 2048, 4096, 8192, 16384, 32768, 131072};
        for (int round = 1; round <= 3; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (int kib : kibs) {
                line.append(String.format(" %d KiB %.1f ns;", kib, nsPerRead(kib)));
            }
            System.out.println(line);
        }
    }

    private static double nsPerRead(int kib) {
        int lines = kib * 1024 / 64;
        int[] order = new int[lines];
        for (int i = 0; i < lines; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(kib);
        for (int i = lines - 1; i > 0; i--) { // Fisher–Yates: one cycle through every line
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] next = new int[lines * LINE];
        for (int i = 0; i < lines; i++) {
            next[order[i] * LINE] = order[(i + 1) % lines] * LINE;
        }
        int at = 0;
        for (int i = 0; i < lines; i++) { // one lap to warm what fits
            at = next[at];
        }
        long start = System.nanoTime();
        for (long i = 0; i < STEPS; i++) {
            at = next[at];
        }
        double ns = (System.nanoTime() - start) / (double) STEPS;
        if (at == -1) {
            System.out.print(""); // keeps the chase from being optimised away
        }
        return ns;
    }
}

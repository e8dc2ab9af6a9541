package io.github.muxsource.examples;

/** Best-of-rounds timing for the bench mains: the minimum is the least noisy estimate. */
final class Timer {
    private Timer() {}

    /**
     * Runs {@code task} {@code warmup} times, then returns the fastest of {@code rounds}, in
     * seconds.
     */
    static double best(int warmup, int rounds, ThrowingRunnable task) throws Exception {
        for (int i = 0; i < warmup; i++) {
            task.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}

package io.github.muxsource.examples;

import io.github.muxsource.sample.SampleBatch;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A discarding sink that measures records per second from the first record to the last, leaving out
 * what a job does before it emits (start-up, shard discovery, lane planning), which grows with the
 * shard count and would otherwise hide the mux's own cost in benchmarks over many shards. A sink
 * rather than a map so that it adds no operator (and no record copy) to the job. Stamps the clock
 * every {@value #EVERY} records per subtask (and at the first), so it costs next to nothing; state
 * is static because the embedded cluster runs the job in this JVM. A {@link SampleBatch} counts as
 * its rows, so records per second are rows per second for batches too.
 *
 * <p>It also adds up the CPU time of the threads that write to it between the same stamps. The
 * source and this sink are chained into one task thread, so that is the source task's CPU per
 * record: unlike records per second it barely moves when other processes share the machine.
 */
final class SteadyRate<T> implements Sink<T> {
    private static final int EVERY = 4096;
    private static final AtomicLong FIRST = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicLong LAST = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong STAMPED = new AtomicLong();
    private static final AtomicLong BATCHES = new AtomicLong();
    private static final AtomicLong CPU_NANOS = new AtomicLong();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static void reset() {
        FIRST.set(Long.MAX_VALUE);
        LAST.set(Long.MIN_VALUE);
        STAMPED.set(0);
        BATCHES.set(0);
        CPU_NANOS.set(0);
    }

    /** Batches seen since {@link #reset()} over all subtasks. */
    static long batches() {
        return BATCHES.get();
    }

    /** CPU nanoseconds of the writing (task) threads per record stamped; 0 if not measured. */
    static double taskCpuNanosPerRecord() {
        long records = STAMPED.get();
        return records == 0 ? 0 : (double) CPU_NANOS.get() / records;
    }

    /** Records between each subtask's first and last stamp, over the time from first to last. */
    static long recordsPerSecond() {
        long nanos = LAST.get() - FIRST.get();
        return nanos <= 0 ? 0 : Math.round(STAMPED.get() * 1e9 / nanos);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            private long seen;
            private long stampedAt;
            private long cpuAtStamp = -1;

            @Override
            public void write(T element, Context context) {
                long rows = 1;
                if (element instanceof SampleBatch batch) {
                    rows = batch.size();
                    BATCHES.incrementAndGet();
                }
                if (seen == 0 || seen - stampedAt >= EVERY) {
                    long now = System.nanoTime();
                    FIRST.accumulateAndGet(now, Math::min);
                    LAST.accumulateAndGet(now, Math::max);
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    if (seen > 0) {
                        // Rows received between the previous stamp and this one.
                        STAMPED.addAndGet(seen - stampedAt);
                        CPU_NANOS.addAndGet(cpu - cpuAtStamp);
                    }
                    cpuAtStamp = cpu;
                    stampedAt = seen;
                }
                seen += rows;
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}

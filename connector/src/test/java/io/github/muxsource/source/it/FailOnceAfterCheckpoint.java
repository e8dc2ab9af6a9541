package io.github.muxsource.source.it;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throws in subtask 0 after a checkpoint completed and {@code after} records went by in this
 * attempt: once by default, or up to {@code times} times over restarts.
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<String, String>
        implements CheckpointListener {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger FAILURES = new AtomicInteger();

    /** Arms it again for the next test: no failure yet. */
    static void reset() {
        FAILED.set(false);
        FAILURES.set(0);
    }

    private final long after;
    private final int times;
    private long seen;
    private boolean checkpointed;

    FailOnceAfterCheckpoint(long after) {
        this(after, 1);
    }

    FailOnceAfterCheckpoint(long after, int times) {
        this.after = after;
        this.times = times;
    }

    @Override
    public String map(String value) {
        seen++;
        if (checkpointed
                && seen >= after
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                && FAILURES.getAndUpdate(n -> n < times ? n + 1 : n) < times) {
            FAILED.set(true);
            throw new IllegalStateException("injected failure after " + seen + " records");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}

package io.github.muxsource.source.it;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;

/** Throws once, in subtask 0, after a checkpoint completed and some records went by. */
final class FailOnceAfterCheckpoint extends RichMapFunction<String, String> implements CheckpointListener {
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final long after;
    private long seen;
    private boolean checkpointed;

    FailOnceAfterCheckpoint(long after) {
        this.after = after;
    }

    @Override
    public String map(String value) {
        seen++;
        if (checkpointed && seen >= after
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + seen + " records");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}

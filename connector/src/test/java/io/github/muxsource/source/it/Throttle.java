package io.github.muxsource.source.it;

import org.apache.flink.api.common.functions.MapFunction;

/** Slows a pipeline to about {@code 1000 * every} records/s per subtask, so a test can act mid-job. */
final class Throttle implements MapFunction<String, String> {
    private final int every;
    private long count;

    Throttle(int every) {
        this.every = every;
    }

    @Override
    public String map(String value) throws Exception {
        if (++count % every == 0) {
            Thread.sleep(1);
        }
        return value;
    }
}

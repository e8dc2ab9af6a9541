package io.github.muxsource.source.it;

import org.apache.flink.api.common.functions.MapFunction;

/** Sleeps {@code millis} every {@code every} records per subtask, so a test can act mid-job. */
final class Throttle implements MapFunction<String, String> {
    private final int every;
    private final long millis;
    private long count;

    Throttle(int every) {
        this(every, 1);
    }

    Throttle(int every, long millis) {
        this.every = every;
        this.millis = millis;
    }

    @Override
    public String map(String value) throws Exception {
        if (++count % every == 0) {
            Thread.sleep(millis);
        }
        return value;
    }
}

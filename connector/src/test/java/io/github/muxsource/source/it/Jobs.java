package io.github.muxsource.source.it;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The jobs the ITCases run: how they are set up, what they keep of a sample, and collecting it. */
final class Jobs {
    private Jobs() {}

    /**
     * An environment of {@code parallelism} that restarts a failed job three times, with Kryo off:
     * samples and batches must carry their own type information.
     */
    static StreamExecutionEnvironment env(int parallelism, Configuration extra) {
        Configuration conf = new Configuration(extra);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** The source's records as {@link LaneRecord} strings. */
    static DataStream<String> records(StreamExecutionEnvironment env, MuxSource<Sample> source) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                .map(LaneRecord::of)
                .returns(Types.STRING);
    }

    /** Runs a bounded job and returns everything it emitted. */
    static List<String> collect(DataStream<String> stream) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = stream.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}

package io.github.muxsource.examples.guide;

import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.RowOrder;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.PrintSink;

import java.time.Duration;
import java.util.Arrays;

/** Mixes two datasets 3:1, with checkpoints kept for a resume: the job of docs/guide.md. */
@PublicEvolving
public final class MixJob {
    private MixJob() {}

    /**
     * Runs the job.
     *
     * @param args SPEECH MUSIC RECORDS: two dataset paths (files, directories or globs; any Flink
     *     file system URI) and how many records to emit
     */
    public static void main(String[] args) throws Exception {
        String speech = args[0];
        String music = args[1];
        long records = Long.parseLong(args[2]);

        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

        MuxSource<Sample> source =
                MuxSource.builder()
                        .dataset("speech", 3.0, speech)
                        .dataset("music", 1.0, music)
                        .stochastic(2, 64)
                        .rowOrder(RowOrder.RANDOM)
                        .seed(42)
                        .lanes(8)
                        .maxRecords(records)
                        .build();

        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mux")
                .uid("mux-source")
                .map(s -> s.dataset() + " " + s.row() + " " + Arrays.toString(s.getFloats("X")))
                .returns(Types.STRING)
                .uid("describe")
                .sinkTo(new PrintSink<>())
                .uid("print");
        env.execute("mix speech and music 3:1");
    }
}

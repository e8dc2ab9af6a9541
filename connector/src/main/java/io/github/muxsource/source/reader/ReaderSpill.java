package io.github.muxsource.source.reader;

import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.source.MuxConfig;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.ConfigurationUtils;

import java.nio.file.Path;

/**
 * Where a reader spills deflated arrays: the configured spill directory, else one of the task's
 * {@code io.tmp.dirs} chosen by subtask index (as Flink spreads its own spilling over them).
 */
final class ReaderSpill {
    private ReaderSpill() {}

    static SpillSpace space(MuxConfig config, SourceReaderContext context) {
        return new SpillSpace(directory(config, context), config.maxSpillBytes());
    }

    static Path directory(MuxConfig config, SourceReaderContext context) {
        if (config.spillDirectory() != null) {
            return Path.of(config.spillDirectory());
        }
        String[] dirs = ConfigurationUtils.parseTempDirectories(context.getConfiguration());
        return Path.of(dirs[Math.floorMod(context.getIndexOfSubtask(), dirs.length)]);
    }
}

package io.github.muxsource.table;

import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.ReaderLimits;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code WITH} options of a {@code 'connector' = 'muxsource'} table that say how its readers
 * hold shards, not what they mix: whether a bad shard fails the job, where deflated arrays spill,
 * and the {@link ReaderLimits}. Named as the {@code mix} command's flags; sizes take Flink's memory
 * sizes ({@code '64 mb'}, or plain bytes). Unset, each keeps the builder's default. Documented in
 * docs/sql.md.
 */
@PublicEvolving
public final class ReadingOptions {
    private ReadingOptions() {}

    public static final ConfigOption<Boolean> SKIP_BAD_SHARDS =
            ConfigOptions.key("skip-bad-shards")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Log, count and skip shards that fail validation or change after"
                                    + " planning, instead of failing the job.");

    public static final ConfigOption<String> SPILL_DIR =
            ConfigOptions.key("spill-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Local directory where readers inflate deflated arrays read in random"
                                    + " order; default one of Flink's io.tmp.dirs.");

    public static final ConfigOption<MemorySize> MAX_SPILL_BYTES =
            ConfigOptions.key("max-spill-bytes")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription("Most spill files one reader holds at once; default 8 gb.");

    public static final ConfigOption<Integer> MAX_OPEN_SHARDS =
            ConfigOptions.key("max-open-shards")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Most shards holding a file descriptor a reader keeps open; default "
                                    + ReaderLimits.DEFAULT_MAX_OPEN_SHARDS
                                    + ". Set alone above max-mapped-shards' default, it raises"
                                    + " that to match; with both set, at most max-mapped-shards.");

    public static final ConfigOption<Integer> MAX_MAPPED_SHARDS =
            ConfigOptions.key("max-mapped-shards")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Most memory-mapped shards a reader keeps open; default "
                                    + ReaderLimits.DEFAULT_MAX_MAPPED_SHARDS
                                    + ". Set alone below max-open-shards' default, it lowers"
                                    + " that to match.");

    public static final ConfigOption<MemorySize> SHARD_CACHE_BYTES =
            ConfigOptions.key("shard-cache-bytes")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription("Most remote shards a reader keeps downloaded; default 8 gb.");

    public static final ConfigOption<MemorySize> HEAP_SHARD_BYTES =
            ConfigOptions.key("heap-shard-bytes")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "Most heap a reader fills with small local shards; default 256 mb,"
                                    + " 0 maps every stored local shard.");

    public static final ConfigOption<Integer> LOOKAHEAD_RECORDS =
            ConfigOptions.key("lookahead-records")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Records per lane the prefetcher runs ahead of emission; default "
                                    + ReaderLimits.DEFAULT_LOOKAHEAD_RECORDS
                                    + ", 0 turns prefetching off.");

    static Set<ConfigOption<?>> all() {
        return Set.of(
                SKIP_BAD_SHARDS,
                SPILL_DIR,
                MAX_SPILL_BYTES,
                MAX_OPEN_SHARDS,
                MAX_MAPPED_SHARDS,
                SHARD_CACHE_BYTES,
                HEAP_SHARD_BYTES,
                LOOKAHEAD_RECORDS);
    }

    /** Applies the options that are set to {@code builder}, refusing bad values by option name. */
    static void configure(MuxSourceBuilder<?> builder, ReadableConfig options) {
        apply(options, SKIP_BAD_SHARDS, builder::skipBadShards);
        apply(options, SPILL_DIR, builder::spillDirectory);
        apply(options, MAX_SPILL_BYTES, size -> builder.maxSpillBytes(size.getBytes()));
        apply(options, MAX_OPEN_SHARDS, builder::maxOpenShards);
        apply(options, MAX_MAPPED_SHARDS, builder::maxMappedShards);
        apply(options, SHARD_CACHE_BYTES, size -> builder.shardCacheBytes(size.getBytes()));
        apply(options, HEAP_SHARD_BYTES, size -> builder.heapShardBytes(size.getBytes()));
        apply(options, LOOKAHEAD_RECORDS, builder::lookaheadRecords);
    }

    private static <V> void apply(
            ReadableConfig options, ConfigOption<V> option, Consumer<V> setter) {
        try {
            options.getOptional(option).ifPresent(setter);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("option '" + option.key() + "': " + e.getMessage(), e);
        }
    }
}

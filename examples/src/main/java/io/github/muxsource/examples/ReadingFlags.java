package io.github.muxsource.examples;

import io.github.muxsource.source.MuxSourceBuilder;

import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The flags of {@code mix} and the benches that say how readers hold shards, not what they mix:
 * whether a bad shard fails the job, where deflated arrays spill, and the reader limits. Each is
 * the builder setter of the same name (docs/configuration.md); unset, the builder's default holds.
 */
final class ReadingFlags {
    static final Set<String> FLAGS =
            Set.of(
                    "spill-dir",
                    "max-spill-bytes",
                    "max-open-shards",
                    "max-mapped-shards",
                    "shard-cache-bytes",
                    "heap-shard-bytes",
                    "lookahead-records");

    static final Set<String> SWITCHES = Set.of("skip-bad-shards");

    private ReadingFlags() {}

    /** Applies the flags given; a value the builder refuses is a bad command line, named. */
    static void apply(Args args, MuxSourceBuilder<?> b) {
        b.skipBadShards(args.has("skip-bad-shards"));
        apply(args, "spill-dir", (a, flag) -> a.get(flag, null), b::spillDirectory);
        apply(args, "max-spill-bytes", ReadingFlags::bytes, b::maxSpillBytes);
        apply(args, "max-open-shards", ReadingFlags::count, b::maxOpenShards);
        apply(args, "max-mapped-shards", ReadingFlags::count, b::maxMappedShards);
        apply(args, "shard-cache-bytes", ReadingFlags::bytes, b::shardCacheBytes);
        apply(args, "heap-shard-bytes", ReadingFlags::bytes, b::heapShardBytes);
        apply(args, "lookahead-records", ReadingFlags::count, b::lookaheadRecords);
    }

    private static long bytes(Args args, String flag) {
        return args.getLong(flag, 0);
    }

    private static int count(Args args, String flag) {
        return args.getInt(flag, 0);
    }

    /** Reads {@code flag} if given and hands it to {@code setter}, naming the flag if refused. */
    private static <V> void apply(
            Args args, String flag, BiFunction<Args, String, V> read, Consumer<V> setter) {
        if (!args.has(flag)) {
            return;
        }
        V value = read.apply(args, flag);
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + flag + ": " + e.getMessage());
        }
    }
}

package io.github.muxsource.examples;

import io.github.muxsource.source.MuxSourceBuilder;

import java.util.Set;

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
        apply(args, "spill-dir", () -> b.spillDirectory(args.get("spill-dir", null)));
        apply(args, "max-spill-bytes", () -> b.maxSpillBytes(args.getLong("max-spill-bytes", 0)));
        apply(args, "max-open-shards", () -> b.maxOpenShards(args.getInt("max-open-shards", 0)));
        apply(
                args,
                "max-mapped-shards",
                () -> b.maxMappedShards(args.getInt("max-mapped-shards", 0)));
        apply(
                args,
                "shard-cache-bytes",
                () -> b.shardCacheBytes(args.getLong("shard-cache-bytes", 0)));
        apply(
                args,
                "heap-shard-bytes",
                () -> b.heapShardBytes(args.getLong("heap-shard-bytes", 0)));
        apply(
                args,
                "lookahead-records",
                () -> b.lookaheadRecords(args.getInt("lookahead-records", 0)));
    }

    private static void apply(Args args, String flag, Runnable setter) {
        if (!args.has(flag)) {
            return;
        }
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + flag + ": " + e.getMessage());
        }
    }
}

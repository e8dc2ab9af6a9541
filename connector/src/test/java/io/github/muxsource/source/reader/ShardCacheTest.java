package io.github.muxsource.source.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.muxsource.source.split.ShardSlice;
import io.github.muxsource.testing.ShortReadFileSystem;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The local copies of remote shards: whole and byte-exact, within the budget, retried when a
 * download ends early, refused when the remote shard is no longer the planned size.
 */
class ShardCacheTest {
    @TempDir Path store;
    @TempDir Path tmp;

    @AfterEach
    void noShortReadsLeft() {
        ShortReadFileSystem.endEarly.set(0);
    }

    private Path shard(String name, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        return Files.write(store.resolve(name), content);
    }

    private static ShardSlice remote(Path file, long plannedSize) {
        return new ShardSlice(
                0, 0, ShortReadFileSystem.SCHEME + "://" + file, 0, 1, 1.0, plannedSize, 7);
    }

    @Test
    void localShardsAreReadInPlace() throws IOException {
        Path file = shard("a.npz", 100);
        try (ShardCache cache = new ShardCache(tmp, 1000)) {
            ShardSlice slice = new ShardSlice(0, 0, file.toString(), 0, 1, 1.0, 100, 7);
            assertThat(cache.localPath(slice)).isEqualTo(file.toString());
            assertThat(cache.downloadedBytes()).isZero();
        }
    }

    @Test
    void aRemoteShardIsDownloadedOnceAndDeletedOnClose() throws IOException {
        Path file = shard("a.npz", 5000);
        String copy;
        try (ShardCache cache = new ShardCache(tmp, 10_000)) {
            copy = cache.localPath(remote(file, 5000));
            assertThat(Files.readAllBytes(Path.of(copy))).isEqualTo(Files.readAllBytes(file));
            assertThat(cache.localPath(remote(file, 5000))).isEqualTo(copy);
            assertThat(cache.downloadedBytes()).isEqualTo(5000);
        }
        assertThat(Path.of(copy)).doesNotExist();
    }

    @Test
    void leastRecentlyUsedCopiesMakeRoom() throws IOException {
        Path a = shard("a.npz", 4000);
        Path b = shard("b.npz", 4000);
        Path c = shard("c.npz", 4000);
        try (ShardCache cache = new ShardCache(tmp, 10_000)) {
            String copyA = cache.localPath(remote(a, 4000));
            String copyB = cache.localPath(remote(b, 4000));
            cache.localPath(remote(a, 4000)); // a is now the most recently used
            cache.localPath(remote(c, 4000));
            assertThat(Path.of(copyA)).exists();
            assertThat(Path.of(copyB)).doesNotExist();
        }
    }

    @Test
    void aShardLargerThanTheBudgetIsRefusedNamingTheSetting() throws IOException {
        Path file = shard("big.npz", 2000);
        try (ShardCache cache = new ShardCache(tmp, 1000)) {
            assertThatThrownBy(() -> cache.localPath(remote(file, 2000)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("big.npz")
                    .hasMessageContaining("shardCacheBytes");
        }
    }

    @Test
    void aDownloadThatEndsEarlyIsRetried() throws IOException {
        Path file = shard("a.npz", 5000);
        ShortReadFileSystem.cutAfter = 1234;
        ShortReadFileSystem.endEarly.set(ShardCache.DOWNLOAD_ATTEMPTS - 1);
        try (ShardCache cache = new ShardCache(tmp, 10_000)) {
            String copy = cache.localPath(remote(file, 5000));
            assertThat(Files.readAllBytes(Path.of(copy))).isEqualTo(Files.readAllBytes(file));
            assertThat(ShortReadFileSystem.endEarly.get()).isZero();
        }
    }

    @Test
    void downloadsThatKeepEndingEarlyFailRestartably() throws IOException {
        Path file = shard("a.npz", 5000);
        ShortReadFileSystem.cutAfter = 1234;
        ShortReadFileSystem.endEarly.set(ShardCache.DOWNLOAD_ATTEMPTS);
        try (ShardCache cache = new ShardCache(tmp, 10_000)) {
            assertThatThrownBy(() -> cache.localPath(remote(file, 5000)))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(PlannedShard.ChangedException.class)
                    .hasMessageContaining("a.npz")
                    .hasMessageContaining("ended after 1234 of 5000 bytes");
            // Nothing half-written stays behind, and the budget is whole again.
            try (var files = Files.walk(tmp)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
            assertThat(cache.localPath(remote(file, 5000))).isNotNull();
        }
    }

    @Test
    void aRemoteShardOfAnotherSizeThanPlannedIsRefusedForGood() throws IOException {
        Path file = shard("a.npz", 5000);
        try (ShardCache cache = new ShardCache(tmp, 10_000)) {
            assertThatThrownBy(() -> cache.localPath(remote(file, 6000)))
                    .isInstanceOf(PlannedShard.ChangedException.class)
                    .hasMessageContaining("a.npz")
                    .hasMessageContaining("it is 5000 bytes, planned 6000");
        }
    }
}

package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.muxsource.mux.Rng;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded mutations of valid numpy-written files through the ZIP index, the NPY header parser and
 * row access: only {@link NpzFormatException} may escape, nothing hangs, and no allocation follows
 * an untrusted size (the spill budget is 1 MiB, the disk far larger), and no spill file outlives
 * its shard.
 */
class NpzFuzzTest {
    private static final int MUTANTS_PER_FILE = 400;
    private static final long SPILL_LIMIT = 1 << 20;

    @TempDir Path spillDirectory;

    /** An in-memory file, so thousands of mutants cost no disk I/O. */
    private record Bytes(String location, byte[] data) implements ByteSource {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public void readFully(long position, byte[] target, int offset, int length)
                throws EOFException {
            if (position < 0 || position + length > data.length) {
                throw new EOFException(location + ": unexpected end of file at byte " + position);
            }
            System.arraycopy(data, (int) position, target, offset, length);
        }

        @Override
        public void close() {}
    }

    @Test
    void mutatedFilesAreRefusedCleanlyOrReadFully() {
        assertTimeoutPreemptively(
                Duration.ofSeconds(120),
                () -> {
                    Rng rng = Rng.seeded(20261128);
                    int refused = 0;
                    int read = 0;
                    SpillSpace spill = new SpillSpace(spillDirectory, SPILL_LIMIT);
                    for (String name :
                            List.of(
                                    "dtypes_stored.npz",
                                    "dtypes_compressed.npz",
                                    "fortran_stored.npz",
                                    "fortran_compressed.npz",
                                    "v3_header.npz",
                                    "data_descriptors.npz",
                                    "data_descriptors_compressed.npz",
                                    "zero_rows.npz")) {
                        byte[] original = Files.readAllBytes(Fixtures.file(name));
                        for (int i = 0; i < MUTANTS_PER_FILE; i++) {
                            byte[] mutant = mutate(original, rng);
                            String where = name + " mutant " + i;
                            try (NpzShard shard = NpzShard.read(new Bytes(where, mutant), spill)) {
                                readEverything(shard);
                                read++;
                            } catch (NpzFormatException e) {
                                assertThat(e.getMessage()).startsWith(where);
                                refused++;
                            } catch (Throwable t) {
                                fail(where + " escaped with " + t, t);
                            }
                        }
                    }
                    // The mutations must exercise both outcomes, or the test proves nothing.
                    assertThat(refused).isGreaterThan(100);
                    assertThat(read).isGreaterThan(10);
                    assertThat(spillDirectory).isEmptyDirectory();
                    assertThat(spill.usedBytes()).isZero();
                });
    }

    private static void readEverything(NpzShard shard) throws Exception {
        for (NpyArray array : shard.arrays()) {
            RowReader rows = array.openRows();
            byte[] row = new byte[array.rowBytes()];
            for (long r = 0; r < array.rows(); r++) {
                rows.read(r, row, 0);
            }
            if (array.rows() > 1) {
                rows.read(0, row, 0);
            }
        }
    }

    /** One to four edits: flipped bytes, overwritten words, truncation, or an extended tail. */
    private static byte[] mutate(byte[] original, Rng rng) {
        byte[] data = original.clone();
        int edits = 1 + rng.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (rng.nextInt(5)) {
                case 0 -> data[rng.nextInt(data.length)] ^= (byte) (1 + rng.nextInt(255));
                case 1 -> {
                    int at = rng.nextInt(Math.max(1, data.length - 4));
                    int value =
                            switch (rng.nextInt(4)) {
                                case 0 -> 0;
                                case 1 -> -1;
                                case 2 -> Integer.MAX_VALUE;
                                default -> (int) rng.nextLong();
                            };
                    for (int b = 0; b < 4 && at + b < data.length; b++) {
                        data[at + b] = (byte) (value >>> (8 * b));
                    }
                }
                case 2 -> data = Arrays.copyOf(data, rng.nextInt(data.length + 1));
                case 3 -> {
                    // Rewrite a digit inside an NPY header's shape: huge or odd dimensions.
                    List<Integer> digits = new ArrayList<>();
                    for (int i = 0; i < data.length - 1; i++) {
                        if (data[i] == '(' && Character.isDigit(data[i + 1])) {
                            digits.add(i + 1);
                        }
                    }
                    if (!digits.isEmpty()) {
                        data[digits.get(rng.nextInt(digits.size()))] =
                                (byte) ('0' + rng.nextInt(10));
                    }
                }
                default -> data = Arrays.copyOf(data, data.length + 1 + rng.nextInt(64));
            }
            if (data.length == 0) {
                break;
            }
        }
        return data;
    }
}

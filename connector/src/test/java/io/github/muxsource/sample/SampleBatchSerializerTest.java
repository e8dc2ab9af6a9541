package io.github.muxsource.sample;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link SampleBatchSerializer} under Flink's own serializer contract ({@link SerializerTestBase}):
 * round trips one by one and in sequence, with and without reuse, copies through views, the
 * snapshot and its restore, duplication, Java serializability, and concurrent use.
 */
class SampleBatchSerializerTest extends SerializerTestBase<SampleBatch> {
    private static final String[] NAMES = {"digits", "données ✓", "fashion"};

    @Override
    protected TypeSerializer<SampleBatch> createSerializer() {
        return SampleBatchSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SampleBatch> getTypeClass() {
        return SampleBatch.class;
    }

    /** Immutable, with no meaningful empty value: {@code createInstance} returns null. */
    @Override
    protected boolean allowNullInstances(TypeSerializer<SampleBatch> serializer) {
        return true;
    }

    @Override
    protected SampleBatch[] getTestData() {
        FieldLayout image =
                new FieldLayout(
                        List.of("X", "Y"),
                        List.of("|u1", "<i8"),
                        List.of(new long[] {2, 3}, new long[0]));
        FieldLayout strings =
                new FieldLayout(
                        List.of("text", "empty"),
                        List.of("<U2", "<f8"),
                        List.of(new long[0], new long[] {0, 7}));
        return new SampleBatch[] {
            new SampleBatch(
                    NAMES,
                    image,
                    2,
                    new byte[][] {
                        {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6},
                        {7, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, 127}
                    },
                    new int[] {0, 2},
                    new int[] {0, 99_999},
                    new long[] {0, Long.MAX_VALUE},
                    new int[] {3, 3},
                    new long[] {1L << 40, (1L << 40) + 1}),
            new SampleBatch(
                    NAMES,
                    image,
                    1,
                    new byte[][] {{9, 8, 7, 6, 5, 4}, {1, 2, 3, 4, 5, 6, 7, 8}},
                    new int[] {1},
                    new int[] {4},
                    new long[] {12},
                    new int[] {0},
                    new long[] {5}),
            new SampleBatch(
                    NAMES,
                    strings,
                    3,
                    new byte[][] {
                        "a\0\0\0b\0\0\0c\0\0\0d\0\0\0e\0\0\0\0\0\0\0"
                                .getBytes(StandardCharsets.ISO_8859_1),
                        {}
                    },
                    new int[] {2, 1, 0},
                    new int[] {1, 2, 3},
                    new long[] {4, 5, 6},
                    new int[] {7, 7, 8},
                    new long[] {0, 1, 0}),
            new SampleBatch(
                    new String[0],
                    new FieldLayout(List.of(), List.of(), List.of()),
                    0,
                    new byte[0][],
                    new int[0],
                    new int[0],
                    new long[0],
                    new int[0],
                    new long[0]),
        };
    }
}

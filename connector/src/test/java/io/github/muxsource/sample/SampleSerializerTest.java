package io.github.muxsource.sample;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link SampleSerializer} under Flink's own serializer contract ({@link SerializerTestBase}):
 * round trips one by one and in sequence, with and without reuse, copies through views, the
 * snapshot and its restore, duplication, Java serializability, and concurrent use.
 */
class SampleSerializerTest extends SerializerTestBase<Sample> {

    @Override
    protected TypeSerializer<Sample> createSerializer() {
        return SampleSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Sample> getTypeClass() {
        return Sample.class;
    }

    /**
     * A {@code Sample} is immutable and has no meaningful empty value, so {@code createInstance}
     * returns null; Flink's reuse paths accept that.
     */
    @Override
    protected boolean allowNullInstances(TypeSerializer<Sample> serializer) {
        return true;
    }

    @Override
    protected Sample[] getTestData() {
        FieldLayout image =
                new FieldLayout(
                        List.of("X", "Y"),
                        List.of("|u1", "<i8"),
                        List.of(new long[] {2, 3}, new long[0]));
        FieldLayout mixed =
                new FieldLayout(
                        List.of("f2", "text", "bytes", "when", "empty"),
                        List.of(">f2", "<U3", "|S5", "<M8[10s]", "<f8"),
                        List.of(
                                new long[] {4},
                                new long[0],
                                new long[0],
                                new long[] {1},
                                new long[] {0, 7}));
        return new Sample[] {
            new Sample(
                    "digits",
                    0,
                    0,
                    0,
                    0,
                    0,
                    image,
                    new byte[][] {{1, 2, 3, 4, 5, 6}, {7, 0, 0, 0, 0, 0, 0, 0}}),
            new Sample(
                    "fashion",
                    2,
                    99_999,
                    Long.MAX_VALUE,
                    7,
                    1L << 40,
                    image,
                    new byte[][] {{-1, -2, -3, -4, -5, -6}, {-1, -1, -1, -1, -1, -1, -1, 127}}),
            new Sample(
                    "données ünïcode ✓",
                    1,
                    3,
                    12,
                    1,
                    5,
                    mixed,
                    new byte[][] {
                        {0, 1, 2, 3, 4, 5, 6, 7},
                        "a\0\0\0b\0\0\0c\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                        {'h', 'e', 'l', 'l', 'o'},
                        {1, 0, 0, 0, 0, 0, 0, 0},
                        {}
                    }),
            new Sample(
                    "none",
                    3,
                    0,
                    1,
                    2,
                    3,
                    new FieldLayout(List.of(), List.of(), List.of()),
                    new byte[0][]),
        };
    }
}

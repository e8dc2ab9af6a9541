package io.github.muxsource.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The typed accessors widen or keep values exactly and refuse what they would narrow, the same on a
 * {@link Sample} and on a plain {@link SampleView} (as a mapper sees a row).
 */
class SampleTest {

    /** f4, f8, i8, u1, i2, u4, U3, c8, f2: two elements each (one for the string). */
    private static final FieldLayout LAYOUT =
            new FieldLayout(
                    List.of("f4", "f8", "i8", "u1", "i2", "u4", "s", "c8", "f2"),
                    List.of("<f4", "<f8", "<i8", "|u1", ">i2", "<u4", "<U3", "<c8", "<f2"),
                    List.of(
                            new long[] {2},
                            new long[] {2},
                            new long[] {2},
                            new long[] {2},
                            new long[] {2},
                            new long[] {2},
                            new long[] {},
                            new long[] {1},
                            new long[] {2}));

    private static byte[] le(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    private static final byte[][] VALUES = {
        le(8, b -> b.putFloat(1.5f).putFloat(-2f)),
        le(16, b -> b.putDouble(0.1).putDouble(1e300)),
        le(16, b -> b.putLong(1L << 40).putLong(-3)),
        new byte[] {(byte) 255, 7},
        ByteBuffer.allocate(4)
                .order(ByteOrder.BIG_ENDIAN)
                .putShort((short) -300)
                .putShort((short) 9)
                .array(),
        le(8, b -> b.putInt(-1).putInt(5)),
        le(12, b -> b.putInt('a').putInt('b').putInt(0)),
        le(8, b -> b.putFloat(1f).putFloat(2f)),
        le(4, b -> b.putShort((short) 0x3C00).putShort((short) 0xC000)),
    };

    private static SampleView view(boolean plainView) {
        Sample sample = new Sample("d", 0, 0, 0, 0, 0, LAYOUT, VALUES);
        if (!plainView) {
            return sample;
        }
        return new SampleView() {
            public String dataset() {
                return "d";
            }

            public int datasetIndex() {
                return 0;
            }

            public int shardIndex() {
                return 0;
            }

            public long row() {
                return 0;
            }

            public int lane() {
                return 0;
            }

            public long lanePosition() {
                return 0;
            }

            public FieldLayout layout() {
                return LAYOUT;
            }

            public byte[] bytes(int field) {
                return VALUES[field].clone();
            }
        };
    }

    @ParameterizedTest(name = "plain view: {0}")
    @ValueSource(booleans = {false, true})
    void fittingAccessorsWidenExactly(boolean plainView) {
        SampleView v = view(plainView);
        assertThat(v.getFloats("f4")).containsExactly(1.5f, -2f);
        assertThat(v.getDoubles("f4")).containsExactly(1.5, -2.0);
        assertThat(v.getDoubles("f8")).containsExactly(0.1, 1e300);
        assertThat(v.getLongs("i8")).containsExactly(1L << 40, -3L);
        assertThat(v.getInts("u1")).containsExactly(255, 7);
        assertThat(v.getFloats("u1")).containsExactly(255f, 7f);
        assertThat(v.getInts("i2")).containsExactly(-300, 9);
        assertThat(v.getLongs("u4")).containsExactly(4294967295L, 5L);
        assertThat(v.getDoubles("u4")).containsExactly(4294967295.0, 5.0);
        assertThat(v.getFloats("f2")).containsExactly(1f, -2f);
        assertThat(v.getString("s", 0)).isEqualTo("ab");
        assertThat(v.getLong("u4", 0)).isEqualTo(4294967295L);
        assertThat(v.getDouble("f8", 1)).isEqualTo(1e300);
        assertThat(v.dtype("i2").descr()).isEqualTo(">i2");
        assertThat(v.shape("f4")).containsExactly(2);
    }

    @ParameterizedTest(name = "plain view: {0}")
    @ValueSource(booleans = {false, true})
    void narrowingAccessorsAreRefusedNamingFieldDtypeAndTheFittingAccessor(boolean plainView) {
        SampleView v = view(plainView);
        assertThatThrownBy(() -> v.getFloats("f8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "getFloats(\"f8\"): field 'f8' has dtype <f8, which getFloats cannot hold"
                                + " exactly; use getDoubles");
        assertThatThrownBy(() -> v.getInts("i8"))
                .hasMessage(
                        "getInts(\"i8\"): field 'i8' has dtype <i8, which getInts cannot hold"
                                + " exactly; use getLongs");
        assertThatThrownBy(() -> v.getInts("u4"))
                .hasMessageEndingWith(
                        "field 'u4' has dtype <u4, which getInts cannot hold"
                                + " exactly; use getLongs or getDoubles");
        assertThatThrownBy(() -> v.getDoubles("i8")).hasMessageEndingWith("; use getLongs");
        assertThatThrownBy(() -> v.getDouble("i8", 0)).hasMessageStartingWith("getDouble(\"i8\")");
        assertThatThrownBy(() -> v.getLong("f4", 0))
                .hasMessageEndingWith("; use getFloats or getDoubles");
        assertThatThrownBy(() -> v.getInts("f4"))
                .hasMessageEndingWith("; use getFloats or getDoubles");
        assertThatThrownBy(() -> v.getFloats("c8"))
                .hasMessageEndingWith("; use bytes(...) (real and imaginary parts interleaved)");
        assertThatThrownBy(() -> v.getLongs("s")).hasMessageEndingWith("; use getString");
        assertThatThrownBy(() -> v.getString("f4", 0))
                .hasMessageStartingWith("getString(\"f4\"): field 'f4' has dtype <f4");
        assertThatThrownBy(() -> v.getFloats("nope"))
                .hasMessage("no field 'nope'; fields are [f4, f8, i8, u1, i2, u4, s, c8, f2]");
    }

    @ParameterizedTest(name = "plain view: {0}")
    @ValueSource(booleans = {false, true})
    void anElementPastItsFieldIsRefusedNotReadFromTheNextField(boolean plainView) {
        // A Sample keeps every field in one array: i8 is followed by u1's bytes there.
        SampleView v = view(plainView);
        assertThatThrownBy(() -> v.getLong("i8", 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.getLong("i8", -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> v.getString("s", 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @org.junit.jupiter.api.Test
    void everyFieldReadsBackAsItsOwnBytes() {
        Sample sample = new Sample("d", 0, 0, 0, 0, 0, LAYOUT, VALUES);
        for (int f = 0; f < VALUES.length; f++) {
            assertThat(sample.bytes(f)).as("field %d", f).containsExactly(VALUES[f]);
            assertThat(sample.bytesUnsafe(f)).as("field %d", f).containsExactly(VALUES[f]);
            assertThat(sample.bytesLength(f)).isEqualTo(VALUES[f].length);
            byte[] target = new byte[VALUES[f].length + 2];
            sample.copyBytes(f, target, 1);
            assertThat(java.util.Arrays.copyOfRange(target, 1, target.length - 1))
                    .containsExactly(VALUES[f]);
        }
        sample.bytes(0)[0] = 42;
        assertThat(sample.bytes(0)).containsExactly(VALUES[0]);
    }
}

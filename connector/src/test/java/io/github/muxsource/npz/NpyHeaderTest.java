package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class NpyHeaderTest {

    @Test
    void writtenHeaderIsNumpysLayoutAndParsesBack() {
        byte[] header = NpyHeader.write("|u1", false, new long[] {3, 28, 28});
        assertThat(header.length % 64).isZero();
        assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
        String text = new String(header, 10, header.length - 10, StandardCharsets.ISO_8859_1);
        assertThat(text)
                .startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (3, 28, 28), }");

        NpyHeader parsed = NpyHeader.parse(header);
        assertThat(parsed.majorVersion()).isEqualTo(1);
        assertThat(parsed.dtype().descr()).isEqualTo("|u1");
        assertThat(parsed.shape()).containsExactly(3, 28, 28);
        assertThat(parsed.dataOffset()).isEqualTo(header.length);
    }

    @Test
    void oneDimensionalShapeKeepsPythonsTrailingComma() {
        byte[] header = NpyHeader.write("<i8", false, new long[] {5});
        assertThat(new String(header, StandardCharsets.ISO_8859_1)).contains("'shape': (5,)");
        assertThat(NpyHeader.parse(header).shape()).containsExactly(5);
    }

    @Test
    void rejectsUnknownKeysAndBadShapes() {
        assertThatThrownBy(() -> PythonLiteral.parseDict("{'descr': '<i4', 'shape': (1,"))
                .hasMessageContaining("header ends unexpectedly");
        assertThatThrownBy(
                        () ->
                                NpyHeader.parse(
                                        withDict(
                                                "{'descr': '<i4', 'fortran_order': False, 'shape': (-1,), }")))
                .hasMessageContaining("negative dimension");
        assertThatThrownBy(
                        () ->
                                NpyHeader.parse(
                                        withDict(
                                                "{'descr': '<i4', 'fortran_order': 0, 'shape': (1,), }")))
                .hasMessageContaining("fortran_order must be True or False");
        assertThatThrownBy(
                        () ->
                                NpyHeader.parse(
                                        withDict(
                                                "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), 'x': 1}")))
                .hasMessageContaining("unexpected keys");
    }

    @Test
    void halfFloatsConvertExactly() {
        assertThat(DType.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(DType.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(DType.halfToFloat((short) 0x7BFF)).isEqualTo(65504.0f);
        assertThat(DType.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(DType.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(DType.halfToFloat((short) 0x7E00)).isNaN();
    }

    private static byte[] withDict(String dict) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length];
        System.arraycopy(NpyHeader.MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[8] = (byte) text.length;
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }
}

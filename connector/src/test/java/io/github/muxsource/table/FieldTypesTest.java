package io.github.muxsource.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.muxsource.npz.DType;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

/** Which SQL types take which arrays, and the values they get. */
class FieldTypesTest {
    private static final long[] SCALAR = {};

    private static String refusal(DataType type, String descr, long... shape) {
        return FieldTypes.refusal(type.getLogicalType(), DType.parse(descr), shape);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "|u1; SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(3, 0)",
                "|i1; TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(3, 0)",
                "<u2; INT, BIGINT, FLOAT, DOUBLE, DECIMAL(5, 0)",
                "<i4; INT, BIGINT, DOUBLE, DECIMAL(10, 0)",
                "<u4; BIGINT, DOUBLE, DECIMAL(10, 0)",
                "<i8; BIGINT, DECIMAL(19, 0)",
                "<u8; DECIMAL(20, 0)",
                "<f2; FLOAT, DOUBLE",
                "<f8; DOUBLE",
                "<M8[ns]; BIGINT",
                "<U5; STRING, CHAR",
                "<c8; ''",
            })
    void aScalarFitsExactlyTheTypesThatHoldEveryValue(String descr, String scalars) {
        String expected = scalars.isEmpty() ? "BYTES" : "BYTES, " + scalars;
        assertThat(FieldTypes.fits(DType.parse(descr), SCALAR)).isEqualTo(expected);
    }

    @Test
    void shapesNeedArraysNestedToTheirRank() {
        assertThat(refusal(DataTypes.BYTES(), "|u1", 28, 28)).isNull();
        assertThat(refusal(DataTypes.ARRAY(DataTypes.ARRAY(DataTypes.INT())), "|u1", 28, 28))
                .isNull();
        assertThat(refusal(DataTypes.ARRAY(DataTypes.INT()), "|u1", 28, 28))
                .isEqualTo("an array nested 1 deep needs a row shape of rank 1, not 2");
        assertThat(refusal(DataTypes.INT(), "|u1", 4))
                .isEqualTo("a scalar type needs row shape ()");
        assertThat(refusal(DataTypes.TINYINT(), "|u1")).isEqualTo("its values do not fit TINYINT");
        assertThat(refusal(DataTypes.DECIMAL(5, 3), "<i2"))
                .isEqualTo("its values need 5 integer digits");
        assertThat(refusal(DataTypes.BINARY(8), "<i4", 2)).isNull();
        assertThat(refusal(DataTypes.BINARY(4), "<i4", 2)).isEqualTo("rows are 8 bytes");
        assertThat(FieldTypes.fits(DType.parse("<f4"), new long[] {2, 3}))
                .isEqualTo("BYTES, ARRAY<ARRAY<FLOAT>>, ARRAY<ARRAY<DOUBLE>>");
    }

    @Test
    void valuesAreDecodedFromTheFileByteOrder() {
        byte[] bigEndianU2 = {0x01, 0x02, (byte) 0xFF, (byte) 0xFF};
        ArrayData ints =
                (ArrayData)
                        new FieldConverter(DataTypes.ARRAY(DataTypes.INT()).getLogicalType())
                                .convert(bigEndianU2, DType.parse(">u2"), new long[] {2});
        assertThat(ints.toIntArray()).containsExactly(258, 65535);
        byte[] maxU8 = {-1, -1, -1, -1, -1, -1, -1, -1};
        assertThat(
                        new FieldConverter(DataTypes.DECIMAL(20, 0).getLogicalType())
                                .convert(maxU8, DType.parse("<u8"), SCALAR))
                .isEqualTo(
                        DecimalData.fromBigDecimal(new BigDecimal("18446744073709551615"), 20, 0));
        byte[] half = {0x00, 0x3C}; // 1.0 as little-endian f2
        assertThat(
                        new FieldConverter(DataTypes.FLOAT().getLogicalType())
                                .convert(half, DType.parse("<f2"), SCALAR))
                .isEqualTo(1.0f);
        byte[] text = {'a', 0, 0, 0, 'b', 0, 0, 0, 0, 0, 0, 0};
        assertThat(
                        new FieldConverter(DataTypes.STRING().getLogicalType())
                                .convert(text, DType.parse("<U3"), SCALAR))
                .isEqualTo(StringData.fromString("ab"));
    }
}

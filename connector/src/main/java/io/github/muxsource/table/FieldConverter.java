package io.github.muxsource.table;

import io.github.muxsource.npz.DType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Turns one field of a row (its bytes, dtype and row shape) into the Flink internal value of a SQL
 * column type that {@link FieldTypes} accepted: {@code byte[]}, a boxed number, {@link
 * DecimalData}, {@link StringData}, or nested {@link GenericArrayData} in C order.
 */
@Internal
final class FieldConverter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LogicalType type;

    FieldConverter(LogicalType type) {
        this.type = type;
    }

    Object convert(byte[] bytes, DType dtype, long[] rowShape) {
        return switch (type.getTypeRoot()) {
            case BINARY, VARBINARY -> bytes;
            case ARRAY -> array((ArrayType) type, bytes, dtype, rowShape, 0, 0);
            default -> scalar(type, bytes, dtype, 0);
        };
    }

    private static GenericArrayData array(
            ArrayType type, byte[] bytes, DType dtype, long[] shape, int dim, int base) {
        int n = (int) shape[dim];
        LogicalType element = type.getElementType();
        if (dim < shape.length - 1) {
            int stride = 1;
            for (int d = dim + 1; d < shape.length; d++) {
                stride *= (int) shape[d];
            }
            Object[] nested = new Object[n];
            for (int i = 0; i < n; i++) {
                nested[i] =
                        array((ArrayType) element, bytes, dtype, shape, dim + 1, base + i * stride);
            }
            return new GenericArrayData(nested);
        }
        switch (element.getTypeRoot()) {
            case BOOLEAN -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = dtype.getLong(bytes, base + i) != 0;
                }
                return new GenericArrayData(a);
            }
            case TINYINT -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) dtype.getLong(bytes, base + i);
                }
                return new GenericArrayData(a);
            }
            case SMALLINT -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) dtype.getLong(bytes, base + i);
                }
                return new GenericArrayData(a);
            }
            case INTEGER -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) dtype.getLong(bytes, base + i);
                }
                return new GenericArrayData(a);
            }
            case BIGINT -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = dtype.getLong(bytes, base + i);
                }
                return new GenericArrayData(a);
            }
            case FLOAT -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) dtype.getDouble(bytes, base + i);
                }
                return new GenericArrayData(a);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = dtype.getDouble(bytes, base + i);
                }
                return new GenericArrayData(a);
            }
            default -> {
                Object[] a = new Object[n];
                for (int i = 0; i < n; i++) {
                    a[i] = scalar(element, bytes, dtype, base + i);
                }
                return new GenericArrayData(a);
            }
        }
    }

    private static Object scalar(LogicalType type, byte[] bytes, DType dtype, int index) {
        return switch (type.getTypeRoot()) {
            case BOOLEAN -> dtype.getLong(bytes, index) != 0;
            case TINYINT -> (byte) dtype.getLong(bytes, index);
            case SMALLINT -> (short) dtype.getLong(bytes, index);
            case INTEGER -> (int) dtype.getLong(bytes, index);
            case BIGINT -> dtype.getLong(bytes, index);
            case FLOAT -> (float) dtype.getDouble(bytes, index);
            case DOUBLE -> dtype.getDouble(bytes, index);
            case DECIMAL -> {
                long v = dtype.getLong(bytes, index);
                BigDecimal value =
                        dtype.kind() == DType.Kind.UINT && dtype.itemSize() == 8
                                ? new BigDecimal(Long.toUnsignedString(v))
                                : BigDecimal.valueOf(v);
                DecimalType decimal = (DecimalType) type;
                yield DecimalData.fromBigDecimal(value, decimal.getPrecision(), decimal.getScale());
            }
            case CHAR, VARCHAR -> StringData.fromString(dtype.getString(bytes, index));
            default ->
                    throw new IllegalStateException(
                            "no conversion of " + dtype + " to " + type.asSummaryString());
        };
    }
}

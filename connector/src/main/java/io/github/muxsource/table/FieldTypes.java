package io.github.muxsource.table;

import io.github.muxsource.npz.DType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which SQL column types can take an array's rows: the planning-time half of the mapping that
 * {@link FieldConverter} carries out.
 *
 * <ul>
 *   <li>{@code BYTES} ({@code VARBINARY}) takes any field: the row's raw bytes in C order and the
 *       file's byte order; {@code BINARY(n)} when n is the row's size in bytes;
 *   <li>a scalar type takes a field whose row shape is {@code ()}, when every value of the dtype
 *       fits it exactly (u1 into SMALLINT, i4 into DOUBLE, u8 into DECIMAL(20, 0), f2 into FLOAT,
 *       M8/m8 into BIGINT as their count of units, S/U into STRING);
 *   <li>{@code ARRAY<...>} nested once per dimension of the row shape takes a shaped field, its
 *       innermost element following the scalar rule.
 * </ul>
 */
@Internal
final class FieldTypes {
    private FieldTypes() {}

    /** Why {@code type} cannot take a field of {@code dtype} and {@code rowShape}, or null. */
    static String refusal(LogicalType type, DType dtype, long[] rowShape) {
        LogicalTypeRoot root = type.getTypeRoot();
        if (root == LogicalTypeRoot.VARBINARY) {
            return null;
        }
        if (root == LogicalTypeRoot.BINARY) {
            long size = dtype.itemSize();
            for (long d : rowShape) {
                size *= d;
            }
            return ((BinaryType) type).getLength() == size ? null : "rows are " + size + " bytes";
        }
        int depth = 0;
        LogicalType element = type;
        while (element.getTypeRoot() == LogicalTypeRoot.ARRAY) {
            element = ((ArrayType) element).getElementType();
            depth++;
        }
        if (depth != rowShape.length) {
            return depth == 0
                    ? "a scalar type needs row shape ()"
                    : "an array nested "
                            + depth
                            + " deep needs a row shape of rank "
                            + depth
                            + ", not "
                            + rowShape.length;
        }
        Map<LogicalTypeRoot, Integer> scalars = scalarTypes(dtype);
        Integer digits = scalars.get(element.getTypeRoot());
        if (digits == null) {
            return "its values do not fit " + element.asSummaryString();
        }
        if (element instanceof DecimalType decimal
                && decimal.getPrecision() - decimal.getScale() < digits) {
            return "its values need " + digits + " integer digits";
        }
        return null;
    }

    /** A shape the way Python prints a tuple: (), (5,), (28, 28). */
    static String pythonTuple(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** The SQL types a field of {@code dtype} and {@code rowShape} fits, for error messages. */
    static String fits(DType dtype, long[] rowShape) {
        List<String> fits = new ArrayList<>();
        fits.add("BYTES");
        scalarTypes(dtype)
                .forEach(
                        (root, digits) -> {
                            String name =
                                    switch (root) {
                                        case DECIMAL -> "DECIMAL(" + digits + ", 0)";
                                        case VARCHAR -> "STRING";
                                        case INTEGER -> "INT";
                                        default -> root.name();
                                    };
                            fits.add(
                                    "ARRAY<".repeat(rowShape.length)
                                            + name
                                            + ">".repeat(rowShape.length));
                        });
        return String.join(", ", fits);
    }

    /**
     * The scalar type roots every value of {@code dtype} fits, each with the integer digits a
     * DECIMAL needs (0 where it does not matter).
     */
    static Map<LogicalTypeRoot, Integer> scalarTypes(DType dtype) {
        Map<LogicalTypeRoot, Integer> t = new LinkedHashMap<>();
        int size = dtype.itemSize();
        switch (dtype.kind()) {
            case BOOL -> t.put(LogicalTypeRoot.BOOLEAN, 0);
            case INT, UINT -> {
                boolean unsigned = dtype.kind() == DType.Kind.UINT;
                int bits = 8 * size - (unsigned ? 0 : 1);
                if (!unsigned && size == 1) {
                    t.put(LogicalTypeRoot.TINYINT, 0);
                }
                if (bits <= 15) {
                    t.put(LogicalTypeRoot.SMALLINT, 0);
                }
                if (bits <= 31) {
                    t.put(LogicalTypeRoot.INTEGER, 0);
                }
                if (bits <= 63) {
                    t.put(LogicalTypeRoot.BIGINT, 0);
                }
                if (bits <= 24) {
                    t.put(LogicalTypeRoot.FLOAT, 0);
                }
                if (bits <= 53) {
                    t.put(LogicalTypeRoot.DOUBLE, 0);
                }
                t.put(LogicalTypeRoot.DECIMAL, decimalDigits(size, unsigned));
            }
            case FLOAT -> {
                if (size <= 4) {
                    t.put(LogicalTypeRoot.FLOAT, 0);
                }
                t.put(LogicalTypeRoot.DOUBLE, 0);
            }
            case DATETIME, TIMEDELTA -> t.put(LogicalTypeRoot.BIGINT, 0);
            case BYTES, UNICODE -> {
                t.put(LogicalTypeRoot.VARCHAR, 0);
                t.put(LogicalTypeRoot.CHAR, 0);
            }
            case COMPLEX -> {}
        }
        return t;
    }

    private static int decimalDigits(int size, boolean unsigned) {
        return switch (size) {
            case 1 -> 3;
            case 2 -> 5;
            case 4 -> 10;
            default -> unsigned ? 20 : 19;
        };
    }
}

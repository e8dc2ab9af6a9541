package io.github.muxsource.npz;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

/** Every numpy-written fixture reads back with the bytes, shapes and values numpy reports. */
class NpzShardTest {

    static List<String> goodFiles() {
        return Fixtures.goodFiles();
    }

    @ParameterizedTest
    @MethodSource("goodFiles")
    void headersMatchNumpy(String file) throws Exception {
        JsonNode expected = Fixtures.expected().get(file);
        try (NpzShard shard = NpzShard.open(Fixtures.file(file).toString())) {
            assertThat(shard.arrays()).hasSize(expected.size());
            for (JsonNode e : expected) {
                NpyArray array = shard.array(e.get("name").asText());
                assertThat(array).as(e.get("name").asText()).isNotNull();
                assertThat(array.dtype().descr()).isEqualTo(e.get("descr").asText());
                assertThat(array.header().shape()).containsExactly(longs(e.get("shape")));
                assertThat(array.header().fortranOrder())
                        .isEqualTo(e.get("fortran_order").asBoolean());
                assertThat(array.compressed()).isEqualTo(e.get("compressed").asBoolean());
                assertThat(shard.rows()).isEqualTo(e.get("shape").get(0).asLong());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("goodFiles")
    void sequentialRowsAreTheBytesNumpyWrote(String file) throws Exception {
        try (NpzShard shard = NpzShard.open(Fixtures.file(file).toString())) {
            for (JsonNode e : Fixtures.expected().get(file)) {
                NpyArray array = shard.array(e.get("name").asText());
                assertThat(Fixtures.sha256OfRows(array))
                        .as("%s[%s]", file, array.name())
                        .isEqualTo(e.get("sha256").asText());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("goodFiles")
    void randomRowsEqualSequentialRows(String file) throws Exception {
        try (NpzShard shard = NpzShard.open(Fixtures.file(file).toString())) {
            for (NpyArray array : shard.arrays()) {
                List<byte[]> sequential = new ArrayList<>();
                RowReader forward = array.openRows();
                for (long r = 0; r < array.rows(); r++) {
                    byte[] row = new byte[array.rowBytes()];
                    forward.read(r, row, 0);
                    sequential.add(row);
                }
                RowReader backward = array.openRows();
                for (long r = array.rows() - 1; r >= 0; r--) {
                    byte[] row = new byte[array.rowBytes()];
                    backward.read(r, row, 0);
                    assertThat(row)
                            .as("%s[%s] row %d", file, array.name(), r)
                            .isEqualTo(sequential.get((int) r));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("goodFiles")
    void firstRowValuesDecodeAsNumpyReadsThem(String file) throws Exception {
        try (NpzShard shard = NpzShard.open(Fixtures.file(file).toString())) {
            for (JsonNode e : Fixtures.expected().get(file)) {
                NpyArray array = shard.array(e.get("name").asText());
                if (array.rows() == 0) {
                    continue;
                }
                byte[] row = new byte[array.rowBytes()];
                array.openRows().read(0, row, 0);
                List<JsonNode> values = flatten(e.get("first_row"));
                DType dtype = array.dtype();
                int elements = array.rowBytes() / dtype.itemSize();
                if (dtype.kind() == DType.Kind.COMPLEX) {
                    assertThat(values).hasSize(2 * elements);
                } else {
                    assertThat(values).hasSize(elements);
                }
                for (int i = 0; i < elements; i++) {
                    String what = file + "[" + array.name() + "] element " + i;
                    switch (dtype.kind()) {
                        case BOOL ->
                                assertThat(dtype.getLong(row, i) == 1)
                                        .as(what)
                                        .isEqualTo(values.get(i).asBoolean());
                        case INT, DATETIME, TIMEDELTA ->
                                assertThat(dtype.getLong(row, i))
                                        .as(what)
                                        .isEqualTo(values.get(i).asLong());
                        case UINT ->
                                assertThat(Long.toUnsignedString(dtype.getLong(row, i)))
                                        .as(what)
                                        .isEqualTo(values.get(i).bigIntegerValue().toString());
                        case FLOAT ->
                                assertThat(dtype.getDouble(row, i))
                                        .as(what)
                                        .isEqualTo(values.get(i).asDouble());
                        case COMPLEX ->
                                assertThat(dtype.getDouble(row, i))
                                        .as(what)
                                        .isEqualTo(values.get(2 * i).asDouble());
                        case BYTES, UNICODE ->
                                assertThat(dtype.getString(row, i))
                                        .as(what)
                                        .isEqualTo(values.get(i).asText());
                    }
                }
            }
        }
    }

    private static List<JsonNode> flatten(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.addAll(flatten(n)));
        } else {
            out.add(node);
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}

package io.github.muxsource.sample;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes a {@link SampleBatch}: rows, dataset names, the layout (names, descrs, row shapes),
 * the five provenance arrays, then each field's bytes. A batch stands alone, like a {@link Sample}.
 */
@Internal
public final class SampleBatchSerializer extends TypeSerializer<SampleBatch> {
    private static final long serialVersionUID = 1L;

    public static final SampleBatchSerializer INSTANCE = new SampleBatchSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<SampleBatch> duplicate() {
        return this;
    }

    @Override
    public SampleBatch createInstance() {
        return null;
    }

    @Override
    public SampleBatch copy(SampleBatch from) {
        return from;
    }

    @Override
    public SampleBatch copy(SampleBatch from, SampleBatch reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SampleBatch b, DataOutputView out) throws IOException {
        int size = b.size();
        out.writeInt(size);
        String[] names = b.datasetNamesUnsafe();
        out.writeInt(names.length);
        for (String name : names) {
            out.writeUTF(name);
        }
        FieldLayout layout = b.layout();
        out.writeInt(layout.size());
        for (int f = 0; f < layout.size(); f++) {
            out.writeUTF(layout.name(f));
            out.writeUTF(layout.descr(f));
            long[] shape = layout.shapeUnsafe(f);
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
        }
        for (int i = 0; i < size; i++) {
            out.writeInt(b.datasetIndexesUnsafe()[i]);
            out.writeInt(b.shardIndexesUnsafe()[i]);
            out.writeLong(b.rowsUnsafe()[i]);
            out.writeInt(b.lanesUnsafe()[i]);
            out.writeLong(b.lanePositionsUnsafe()[i]);
        }
        for (int f = 0; f < layout.size(); f++) {
            out.write(b.bytesUnsafe(f));
        }
    }

    @Override
    public SampleBatch deserialize(DataInputView in) throws IOException {
        int size = in.readInt();
        String[] names = new String[in.readInt()];
        for (int d = 0; d < names.length; d++) {
            names[d] = in.readUTF();
        }
        int fieldCount = in.readInt();
        List<String> fieldNames = new ArrayList<>(fieldCount);
        List<String> descrs = new ArrayList<>(fieldCount);
        List<long[]> shapes = new ArrayList<>(fieldCount);
        for (int f = 0; f < fieldCount; f++) {
            fieldNames.add(in.readUTF());
            descrs.add(in.readUTF());
            long[] shape = new long[in.readInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
            }
            shapes.add(shape);
        }
        FieldLayout layout = new FieldLayout(fieldNames, descrs, shapes);
        int[] datasets = new int[size];
        int[] shards = new int[size];
        long[] rows = new long[size];
        int[] lanes = new int[size];
        long[] positions = new long[size];
        for (int i = 0; i < size; i++) {
            datasets[i] = in.readInt();
            shards[i] = in.readInt();
            rows[i] = in.readLong();
            lanes[i] = in.readInt();
            positions[i] = in.readLong();
        }
        // Field lengths follow from the layout and the row count, so none is written.
        byte[][] fields = new byte[fieldCount][];
        for (int f = 0; f < fieldCount; f++) {
            fields[f] = new byte[Math.multiplyExact(size, layout.rowBytes(f))];
            in.readFully(fields[f]);
        }
        return new SampleBatch(
                names, layout, size, fields, datasets, shards, rows, lanes, positions);
    }

    @Override
    public SampleBatch deserialize(SampleBatch reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleBatchSerializer;
    }

    @Override
    public int hashCode() {
        return SampleBatchSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<SampleBatch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SampleBatch> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

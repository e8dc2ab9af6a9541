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
 * Serializes a {@link Sample}: provenance, then the layout (names, descrs, row shapes), then each
 * field's bytes. The layout is written with every record so a record stands alone.
 */
@Internal
public final class SampleSerializer extends TypeSerializer<Sample> {
    private static final long serialVersionUID = 1L;

    public static final SampleSerializer INSTANCE = new SampleSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Sample> duplicate() {
        return this;
    }

    @Override
    public Sample createInstance() {
        return null;
    }

    @Override
    public Sample copy(Sample from) {
        return from;
    }

    @Override
    public Sample copy(Sample from, Sample reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Sample s, DataOutputView out) throws IOException {
        out.writeUTF(s.dataset());
        out.writeInt(s.datasetIndex());
        out.writeInt(s.shardIndex());
        out.writeLong(s.row());
        out.writeInt(s.lane());
        out.writeLong(s.lanePosition());
        FieldLayout layout = s.layout();
        out.writeInt(layout.size());
        for (int f = 0; f < layout.size(); f++) {
            out.writeUTF(layout.name(f));
            out.writeUTF(layout.descr(f));
            long[] shape = layout.shapeUnsafe(f);
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            out.writeInt(s.bytesLength(f));
            s.writeBytes(f, out);
        }
    }

    @Override
    public Sample deserialize(DataInputView in) throws IOException {
        String dataset = in.readUTF();
        int datasetIndex = in.readInt();
        int shardIndex = in.readInt();
        long row = in.readLong();
        int lane = in.readInt();
        long position = in.readLong();
        int fields = in.readInt();
        List<String> names = new ArrayList<>(fields);
        List<String> descrs = new ArrayList<>(fields);
        List<long[]> shapes = new ArrayList<>(fields);
        byte[][] values = new byte[fields][];
        for (int f = 0; f < fields; f++) {
            names.add(in.readUTF());
            descrs.add(in.readUTF());
            long[] shape = new long[in.readInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
            }
            shapes.add(shape);
            values[f] = new byte[in.readInt()];
            in.readFully(values[f]);
        }
        return new Sample(
                dataset,
                datasetIndex,
                shardIndex,
                row,
                lane,
                position,
                new FieldLayout(names, descrs, shapes),
                values);
    }

    @Override
    public Sample deserialize(Sample reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleSerializer;
    }

    @Override
    public int hashCode() {
        return SampleSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Sample> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Sample> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Serializes {@link EnumeratorState}, embedding the split serializer's version. */
@Internal
public final class EnumeratorStateSerializer implements SimpleVersionedSerializer<EnumeratorState> {
    public static final EnumeratorStateSerializer INSTANCE = new EnumeratorStateSerializer();

    /**
     * Version 1: int split serializer version, int lane count, int lane count held, per lane (int
     * length, the split's bytes).
     */
    public static final int VERSION_1 = 1;

    public static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(EnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(LaneSplitSerializer.CURRENT_VERSION);
        out.writeInt(state.laneCount());
        out.writeInt(state.unassigned().size());
        for (LaneSplit split : state.unassigned()) {
            byte[] s = LaneSplitSerializer.INSTANCE.serialize(split);
            out.writeInt(s.length);
            out.write(s);
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public EnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        EnumeratorState state =
                switch (version) {
                    case VERSION_1 -> readVersion1(in);
                    default ->
                            throw new IOException(
                                    "unknown EnumeratorState serializer version "
                                            + version
                                            + "; this build reads versions up to "
                                            + CURRENT_VERSION);
                };
        if (in.available() > 0) {
            throw new IOException("corrupt EnumeratorState: " + in.available() + " trailing bytes");
        }
        return state;
    }

    private static EnumeratorState readVersion1(DataInputStream in) throws IOException {
        int splitVersion = in.readInt();
        int laneCount = in.readInt();
        int count = in.readInt();
        List<LaneSplit> lanes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] s = new byte[in.readInt()];
            in.readFully(s);
            lanes.add(LaneSplitSerializer.INSTANCE.deserialize(splitVersion, s));
        }
        return new EnumeratorState(laneCount, lanes);
    }
}

package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Serializes {@link LaneSplit}s for checkpoints and for the wire. */
@Internal
public final class LaneSplitSerializer implements SimpleVersionedSerializer<LaneSplit> {
    public static final LaneSplitSerializer INSTANCE = new LaneSplitSerializer();

    /**
     * Version 1: int lane, int lane count, long emitted, int slice count, per slice (int dataset,
     * int shard, UTF path, long rowStart, long rowEnd, double weight), int state length (-1 =
     * fresh), state bytes.
     */
    public static final int VERSION_1 = 1;

    public static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(LaneSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(split.lane());
        out.writeInt(split.laneCount());
        out.writeLong(split.emitted());
        out.writeInt(split.slices().size());
        for (ShardSlice s : split.slices()) {
            out.writeInt(s.dataset());
            out.writeInt(s.shard());
            out.writeUTF(s.path());
            out.writeLong(s.rowStart());
            out.writeLong(s.rowEnd());
            out.writeDouble(s.weight());
        }
        byte[] state = split.muxState();
        out.writeInt(state == null ? -1 : state.length);
        if (state != null) {
            out.write(state);
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public LaneSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        LaneSplit split =
                switch (version) {
                    case VERSION_1 -> readVersion1(in);
                    default ->
                            throw new IOException(
                                    "unknown LaneSplit serializer version "
                                            + version
                                            + "; this build reads versions up to "
                                            + CURRENT_VERSION);
                };
        if (in.available() > 0) {
            throw new IOException("corrupt LaneSplit: " + in.available() + " trailing bytes");
        }
        return split;
    }

    private static LaneSplit readVersion1(DataInputStream in) throws IOException {
        int lane = in.readInt();
        int laneCount = in.readInt();
        long emitted = in.readLong();
        int count = in.readInt();
        List<ShardSlice> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slices.add(
                    new ShardSlice(
                            in.readInt(),
                            in.readInt(),
                            in.readUTF(),
                            in.readLong(),
                            in.readLong(),
                            in.readDouble()));
        }
        int stateLength = in.readInt();
        byte[] state = null;
        if (stateLength >= 0) {
            state = new byte[stateLength];
            in.readFully(state);
        }
        return new LaneSplit(lane, laneCount, slices, state, emitted);
    }
}

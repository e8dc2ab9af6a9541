package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.split.LaneSplit;
import io.github.muxsource.source.split.LaneSplitSerializer;
import io.github.muxsource.source.split.ShardSlice;

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

    /**
     * Version 2: the fields of version 1, then boolean discovery present; if present: int dataset
     * count, per dataset (UTF layout, long first-plan rows, double first-plan weight, long rows
     * dealt, int shards dealt, int known path count, UTF each path in order), then int lane count,
     * per lane (int first-plan slice count, int length, the slices added since as a fresh split's
     * bytes).
     */
    public static final int VERSION_2 = 2;

    public static final int CURRENT_VERSION = VERSION_2;

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
        out.writeBoolean(state.discovery() != null);
        if (state.discovery() != null) {
            writeDiscovery(out, state.laneCount(), state.discovery());
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
                    case VERSION_2 -> readVersion2(in);
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

    private static EnumeratorState readVersion2(DataInputStream in) throws IOException {
        int splitVersion = in.readInt();
        EnumeratorState lanes = readLanes(in, splitVersion);
        DiscoveryState discovery = in.readBoolean() ? readDiscovery(in, splitVersion) : null;
        return new EnumeratorState(lanes.laneCount(), lanes.unassigned(), discovery);
    }

    private static void writeDiscovery(DataOutputStream out, int laneCount, DiscoveryState d)
            throws IOException {
        out.writeInt(d.datasets().size());
        for (DatasetProgress p : d.datasets()) {
            out.writeUTF(p.layout());
            out.writeLong(p.firstRows());
            out.writeDouble(p.firstWeight());
            out.writeLong(p.dealt());
            out.writeInt(p.shards());
            out.writeInt(p.known().size());
            for (String path : p.known()) {
                out.writeUTF(path);
            }
        }
        out.writeInt(d.firstSlices().length);
        for (int l = 0; l < d.firstSlices().length; l++) {
            out.writeInt(d.firstSlices()[l]);
            byte[] s =
                    LaneSplitSerializer.INSTANCE.serialize(
                            LaneSplit.fresh(l, laneCount, d.added().get(l), LaneSplit.UNBOUNDED));
            out.writeInt(s.length);
            out.write(s);
        }
    }

    private static DiscoveryState readDiscovery(DataInputStream in, int splitVersion)
            throws IOException {
        int datasets = in.readInt();
        List<DatasetProgress> progress = new ArrayList<>(datasets);
        for (int d = 0; d < datasets; d++) {
            String layout = in.readUTF();
            long firstRows = in.readLong();
            double firstWeight = in.readDouble();
            long dealt = in.readLong();
            int shards = in.readInt();
            int count = in.readInt();
            List<String> known = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                known.add(in.readUTF());
            }
            progress.add(
                    new DatasetProgress(
                            layout,
                            new java.util.TreeSet<>(known),
                            firstRows,
                            firstWeight,
                            dealt,
                            shards));
        }
        int lanes = in.readInt();
        int[] firstSlices = new int[lanes];
        List<List<ShardSlice>> added = new ArrayList<>(lanes);
        for (int l = 0; l < lanes; l++) {
            firstSlices[l] = in.readInt();
            byte[] s = new byte[in.readInt()];
            in.readFully(s);
            added.add(
                    new ArrayList<>(
                            LaneSplitSerializer.INSTANCE.deserialize(splitVersion, s).slices()));
        }
        return new DiscoveryState(progress, firstSlices, added);
    }

    private static EnumeratorState readVersion1(DataInputStream in) throws IOException {
        return readLanes(in, in.readInt());
    }

    private static EnumeratorState readLanes(DataInputStream in, int splitVersion)
            throws IOException {
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

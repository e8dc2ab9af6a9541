package io.github.muxsource.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Version 2: int lane, int lane count, long emitted, long maxRecords, long turn, int pending
     * slice (-1 = none), long pending row; the shards' directories (varint count, UTF each); varint
     * slice count, per slice (varint dataset, varint shard, varint directory index, UTF file name,
     * varint rowStart, varint rowEnd, double weight, long file size, long fingerprint); int state
     * length (-1 = fresh), state bytes. Paths share their directories so that a lane of 100,000
     * shards is a few MB, not tens.
     */
    public static final int VERSION_2 = 2;

    /**
     * Version 3: version 2, then a trailing section: the lane's quota (varint before, upTo, total);
     * its settings (varint count, per setting UTF name, UTF value); its current weights and its
     * live weights (each varint count, per dataset UTF name, double weight).
     */
    public static final int VERSION_3 = 3;

    /**
     * Version 4: version 3, then the rows the lane held in its reader's half-filled batch ({@link
     * HeldRow}): varint count, per row varint index, slice, row and position.
     */
    public static final int VERSION_4 = 4;

    public static final int CURRENT_VERSION = VERSION_4;

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
        out.writeLong(split.maxRecords());
        out.writeLong(split.turn());
        out.writeInt(split.pendingSlice());
        out.writeLong(split.pendingRow());
        Map<String, Integer> directories = new LinkedHashMap<>();
        for (ShardSlice s : split.slices()) {
            directories.putIfAbsent(directory(s.path()), directories.size());
        }
        VarLongs.write(out, directories.size());
        for (String directory : directories.keySet()) {
            out.writeUTF(directory);
        }
        VarLongs.write(out, split.slices().size());
        for (ShardSlice s : split.slices()) {
            String directory = directory(s.path());
            VarLongs.write(out, s.dataset());
            VarLongs.write(out, s.shard());
            VarLongs.write(out, directories.get(directory));
            out.writeUTF(s.path().substring(directory.length()));
            VarLongs.write(out, s.rowStart());
            VarLongs.write(out, s.rowEnd());
            out.writeDouble(s.weight());
            out.writeLong(s.fileSize());
            out.writeLong(s.fingerprint());
        }
        writeState(out, split.muxState());
        writeMix(out, split);
        writeHeld(out, split.held());
        out.flush();
        return bytes.toByteArray();
    }

    /** Everything up to and including the last '/', or "" for a bare name. */
    private static String directory(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    @Override
    public LaneSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        LaneSplit split =
                switch (version) {
                    case VERSION_1 -> readVersion1(in);
                    case VERSION_2 -> readVersion2(in);
                    case VERSION_3 -> readMix(in, readVersion2(in));
                    case VERSION_4 -> readHeld(in, readMix(in, readVersion2(in)));
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
        byte[] state = readState(in);
        return new LaneSplit(
                lane,
                laneCount,
                slices,
                state,
                emitted,
                LaneSplit.MAX_RECORDS_FROM_CONFIG,
                LaneSplit.NO_TURN,
                LaneSplit.NO_PENDING,
                0);
    }

    private static LaneSplit readVersion2(DataInputStream in) throws IOException {
        int lane = in.readInt();
        int laneCount = in.readInt();
        long emitted = in.readLong();
        long maxRecords = in.readLong();
        long turn = in.readLong();
        int pendingSlice = in.readInt();
        long pendingRow = in.readLong();
        String[] directories = new String[VarLongs.readInt(in)];
        for (int i = 0; i < directories.length; i++) {
            directories[i] = in.readUTF();
        }
        int count = VarLongs.readInt(in);
        List<ShardSlice> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int dataset = VarLongs.readInt(in);
            int shard = VarLongs.readInt(in);
            int directory = VarLongs.readInt(in);
            if (directory >= directories.length) {
                throw new IOException(
                        "corrupt LaneSplit: slice " + i + " names directory " + directory);
            }
            slices.add(
                    new ShardSlice(
                            dataset,
                            shard,
                            directories[directory] + in.readUTF(),
                            VarLongs.read(in),
                            VarLongs.read(in),
                            in.readDouble(),
                            in.readLong(),
                            in.readLong()));
        }
        byte[] state = readState(in);
        if (pendingSlice < LaneSplit.NO_PENDING || pendingSlice >= count) {
            throw new IOException("corrupt LaneSplit: pending row of slice " + pendingSlice);
        }
        return new LaneSplit(
                lane,
                laneCount,
                slices,
                state,
                emitted,
                maxRecords,
                turn,
                pendingSlice,
                pendingRow);
    }

    private static void writeMix(DataOutputStream out, LaneSplit split) throws IOException {
        VarLongs.write(out, split.quota().before());
        VarLongs.write(out, split.quota().upTo());
        VarLongs.write(out, split.quota().total());
        VarLongs.write(out, split.settings().size());
        for (Map.Entry<String, String> e : split.settings().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        writeWeights(out, split.weights().current());
        writeWeights(out, split.weights().live());
        writeWeights(out, split.weights().planned());
    }

    private static void writeWeights(DataOutputStream out, Map<String, Double> weights)
            throws IOException {
        VarLongs.write(out, weights.size());
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    /** Version 3's trailing section, on a lane read as version 2. */
    private static LaneSplit readMix(DataInputStream in, LaneSplit v2) throws IOException {
        LaneQuota quota;
        try {
            quota = new LaneQuota(VarLongs.read(in), VarLongs.read(in), VarLongs.read(in));
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt LaneSplit: " + e.getMessage(), e);
        }
        int count = VarLongs.readInt(in);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            settings.put(in.readUTF(), in.readUTF());
        }
        LaneWeights weights = new LaneWeights(readWeights(in), readWeights(in), readWeights(in));
        return new LaneSplit(
                v2.lane(),
                v2.laneCount(),
                v2.slices(),
                v2.muxState(),
                v2.emitted(),
                v2.maxRecords(),
                v2.turn(),
                v2.pendingSlice(),
                v2.pendingRow(),
                quota,
                settings,
                weights);
    }

    private static void writeHeld(DataOutputStream out, List<HeldRow> held) throws IOException {
        VarLongs.write(out, held.size());
        for (HeldRow r : held) {
            VarLongs.write(out, r.index());
            VarLongs.write(out, r.slice());
            VarLongs.write(out, r.row());
            VarLongs.write(out, r.position());
        }
    }

    /** Version 4's held rows, on a lane read as version 3. */
    private static LaneSplit readHeld(DataInputStream in, LaneSplit v3) throws IOException {
        int count = VarLongs.readInt(in);
        List<HeldRow> held = new ArrayList<>(Math.min(count, 1 << 16));
        for (int i = 0; i < count; i++) {
            HeldRow r =
                    new HeldRow(
                            VarLongs.readInt(in),
                            VarLongs.readInt(in),
                            VarLongs.read(in),
                            VarLongs.read(in));
            if (r.slice() >= v3.slices().size()) {
                throw new IOException("corrupt LaneSplit: held row of slice " + r.slice());
            }
            HeldRow before = held.isEmpty() ? null : held.get(held.size() - 1);
            if (before != null
                    && (r.index() <= before.index() || r.position() <= before.position())) {
                throw new IOException("corrupt LaneSplit: held rows out of order at row " + i);
            }
            held.add(r);
        }
        return v3.withHeld(held);
    }

    private static Map<String, Double> readWeights(DataInputStream in) throws IOException {
        int count = VarLongs.readInt(in);
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            weights.put(in.readUTF(), in.readDouble());
        }
        return weights;
    }

    private static void writeState(DataOutputStream out, byte[] state) throws IOException {
        out.writeInt(state == null ? -1 : state.length);
        if (state != null) {
            out.write(state);
        }
    }

    private static byte[] readState(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < -1 || length > in.available()) {
            throw new IOException("corrupt LaneSplit: mux state of " + length + " bytes");
        }
        byte[] state = null;
        if (length >= 0) {
            state = new byte[length];
            in.readFully(state);
        }
        return state;
    }
}

package io.github.muxsource.source.split;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Unsigned LEB128 longs: 7 bits a byte, low bits first. Row numbers, shard indices and file sizes
 * are small, and a lane of 100,000 slices must stay well under Flink's RPC frame.
 */
final class VarLongs {
    private VarLongs() {}

    static void write(DataOutput out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("VarLongs holds values >= 0, got " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long read(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("corrupt LaneSplit: a variable-length number runs past 64 bits");
    }

    /** Reads a value that must fit an int (an index or a count). */
    static int readInt(DataInput in) throws IOException {
        long value = read(in);
        if (value > Integer.MAX_VALUE) {
            throw new IOException("corrupt LaneSplit: " + value + " does not fit an int");
        }
        return (int) value;
    }
}

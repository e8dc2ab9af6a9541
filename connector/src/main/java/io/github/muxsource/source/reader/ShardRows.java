package io.github.muxsource.source.reader;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.RowReader;
import io.github.muxsource.sample.FieldLayout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An open shard with what every activation of its slices shares: the field layout and, for arrays
 * whose reading keeps no state, the row readers. Built once on an I/O thread as the shard opens, so
 * that activating a stream on the task thread builds none of it (with many small shards it did, on
 * every activation).
 *
 * <p>A small shard whose rows were copied onto the heap in one array ({@link NpzShard#heapRows}) is
 * read straight from that array: {@link #read} is then one copy from one object, which is what
 * keeps an activation cheap when a lane has tens of thousands of shards that no cache holds.
 */
final class ShardRows implements FieldRows {
    final NpzShard shard;
    final FieldLayout layout;
    final long rows;
    private final List<NpyArray> arrays;

    /** Every row in one array (see {@link NpzShard#heapRows}), or null. */
    private final byte[] heapRows;

    /**
     * The pool's clock reference bit: set when a lane reads the shard, cleared by the eviction
     * sweep. Lanes reading rows on the heap set it without the pool's lock; a lost update only
     * makes eviction less exact.
     */
    boolean recent = true;

    /**
     * Sets {@link #recent}, without the pool's lock. Written only when clear: lanes on other
     * threads read the same shard, and a write on every record would move its cache line.
     */
    void markRead() {
        if (!recent) {
            recent = true;
        }
    }

    /**
     * Whether no lane read it yet since the pool opened it, ahead of need or for a lane waiting for
     * it; written under the pool's lock, read by lanes without it (see {@link ShardPool#onHeap}).
     */
    boolean fresh;

    /** A reader per array, or null where each consumer needs its own (sequential inflation). */
    private final RowReader[] shared;

    private final boolean allShared;

    /**
     * @param anyOrder whether rows are read in any order, so deflated arrays were spilled as the
     *     shard opened and are read through the spill file's mapping, which keeps no state
     * @param share gives the instance of an equal layout already in use, so that shards of one
     *     layout share one (and each sample's layout is one hot object, not one per shard)
     */
    ShardRows(NpzShard shard, boolean anyOrder, UnaryOperator<FieldLayout> share)
            throws IOException {
        this.shard = shard;
        this.rows = shard.rows();
        this.arrays = shard.arrays();
        this.heapRows = shard.heapRows();
        List<String> names = new ArrayList<>();
        List<String> descrs = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        shared = new RowReader[arrays.size()];
        boolean all = true;
        for (int i = 0; i < shared.length; i++) {
            NpyArray a = arrays.get(i);
            names.add(a.name());
            descrs.add(a.dtype().descr());
            shapes.add(a.rowShape());
            // Stored (mapped or on the heap) and spilled arrays are read by position; a deflated
            // array read in sequence keeps its inflater's position, so each consumer opens its own.
            if (!a.compressed() || anyOrder) {
                shared[i] = a.openRows();
            } else {
                all = false;
            }
        }
        this.allShared = all;
        this.layout = share.apply(new FieldLayout(names, descrs, shapes));
    }

    /** Whether every row is on the heap in one array, read without a pin (see {@link #read}). */
    boolean onHeap() {
        return heapRows != null;
    }

    @Override
    public FieldLayout layout() {
        return layout;
    }

    /**
     * Reads from the heap copy, or else through the shared readers; a shard with a deflated array
     * read in sequence has none for that array, and is read through {@link SliceRows} instead.
     */
    @Override
    public void read(int field, long row, byte[] target, int offset) throws IOException {
        if (heapRows != null) {
            int bytes = layout.rowBytes(field);
            int at = (int) (rows * layout.offset(field) + row * bytes);
            System.arraycopy(heapRows, at, target, offset, bytes);
        } else {
            shared[field].read(row, target, offset);
        }
    }

    /** Row readers for one consumer: the shared ones, plus its own where reading keeps state. */
    RowReader[] readers() throws IOException {
        if (allShared) {
            return shared;
        }
        RowReader[] readers = shared.clone();
        for (int i = 0; i < readers.length; i++) {
            if (readers[i] == null) {
                readers[i] = arrays.get(i).openRows();
            }
        }
        return readers;
    }

    String location() {
        return shard.location();
    }
}

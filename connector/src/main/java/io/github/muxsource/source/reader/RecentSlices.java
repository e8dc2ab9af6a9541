package io.github.muxsource.source.reader;

/**
 * The few slices a lane holds, most recently used last, in a plain {@code int} array: the lane
 * marks a slice used on every record, which a deque of boxed indices made a search with an
 * allocation per record once indices passed the {@code Integer} cache.
 */
final class RecentSlices {
    /** What {@link #add} returns when nothing was dropped. */
    static final int NONE = -1;

    private final int[] slices;
    private int size;

    /**
     * @param capacity slices held at most (>= 1)
     */
    RecentSlices(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        slices = new int[capacity];
    }

    /** Marks a held slice as the most recently used; does nothing for one not held. */
    void use(int slice) {
        if (size > 0 && slices[size - 1] == slice) {
            return;
        }
        for (int i = size - 2; i >= 0; i--) {
            if (slices[i] == slice) {
                System.arraycopy(slices, i + 1, slices, i, size - 1 - i);
                slices[size - 1] = slice;
                return;
            }
        }
    }

    /**
     * Adds a slice not held yet as the most recently used; returns the least recently used one,
     * dropped to stay within capacity, or {@link #NONE}.
     */
    int add(int slice) {
        int dropped = NONE;
        if (size == slices.length) {
            dropped = slices[0];
            System.arraycopy(slices, 1, slices, 0, size - 1);
            size--;
        }
        slices[size++] = slice;
        return dropped;
    }

    int size() {
        return size;
    }

    /** The {@code i}-th held slice, least recently used first. */
    int get(int i) {
        return slices[i];
    }

    void clear() {
        size = 0;
    }
}

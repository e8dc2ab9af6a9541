package io.github.muxsource.sample;

import org.apache.flink.annotation.Internal;

/**
 * A view that copies a field's row bytes straight into a caller's array, so that a {@link Sample}
 * or a {@link SampleBatch} takes a row without an intermediate array per field.
 */
@Internal
public interface CopyableRow extends SampleView {
    /**
     * Copies the field's row bytes ({@code layout().rowBytes(field)}) to {@code target[offset]}.
     */
    void copyField(int field, byte[] target, int offset);
}

package io.github.muxsource.source;

import io.github.muxsource.sample.SampleView;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;

/**
 * Turns a mixed row into the record the source emits, so jobs can emit their own types without an
 * intermediate {@link io.github.muxsource.sample.Sample}. Must be deterministic; must not keep the
 * view; must return a new record for every row, never one it returned before (downstream may keep
 * records, with {@code pipeline.object-reuse} on too).
 *
 * @param <T> the record type
 */
@PublicEvolving
@FunctionalInterface
public interface SampleMapper<T> extends Serializable {
    T map(SampleView row);
}

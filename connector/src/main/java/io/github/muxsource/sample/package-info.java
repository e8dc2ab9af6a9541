/**
 * The record that flows downstream: {@link io.github.muxsource.sample.Sample}, the read-only {@link
 * io.github.muxsource.sample.SampleView} that mappers see, and their Flink type information and
 * serializer (no Kryo).
 *
 * <p>May import {@code java.*}, Flink's type system ({@code org.apache.flink.api.common.*}, {@code
 * org.apache.flink.core.memory}) and {@code io.github.muxsource.npz} (dtypes).
 */
package io.github.muxsource.sample;

/**
 * The FLIP-27 adapter: {@link io.github.muxsource.source.MuxSource}, its builder and options.
 * Sub-packages hold the split (lane) and its serializer, the enumerator and its state, and the
 * reader. May import Flink, {@code mux}, {@code npz} and {@code sample}.
 */
package io.github.muxsource.source;

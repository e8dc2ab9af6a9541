/**
 * The Flink SQL face: {@link io.github.muxsource.table.MuxTableFactory} ({@code 'connector' =
 * 'muxsource'}), its options, and the mapping of arrays to SQL column types. It only builds a
 * {@link io.github.muxsource.source.MuxSource}, as Flink's own SQL connectors wrap their DataStream
 * sources. May import Flink's table API, {@code source}, {@code npz} and {@code sample}; nothing
 * else in the connector imports it.
 */
package io.github.muxsource.table;

/**
 * The NPZ/NPY file format: ZIP index, NPY headers and dtypes, row access, and a writer.
 *
 * <p>This package knows the format and nothing about mixing or Flink's runtime. It may import
 * {@code java.*} and Flink's {@code org.apache.flink.core.fs} (the file system seam) only. Its I/O
 * goes through {@link io.github.muxsource.npz.ByteSource}: a memory-mapped local file, or a Flink
 * {@code FileSystem} stream for any URI Flink supports.
 */
package io.github.muxsource.npz;

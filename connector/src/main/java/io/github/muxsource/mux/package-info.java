/**
 * The mixing engine: streams, muxes, budgets, the RNG, and exact snapshot/restore of all of it.
 *
 * <p>This package imports {@code java.*} only, never Flink, so it is unit-testable in microseconds
 * and usable outside Flink. Semantics follow Pescador 3.0.0's muxes, minus its traps; see {@code
 * docs/mixing.md} for every mux, mode and budget formula and how each Pescador quirk is handled.
 *
 * <p>A {@link io.github.muxsource.mux.Streamer} is a restartable source of items: each activation
 * opens a fresh {@link io.github.muxsource.mux.Cursor}, whose whole state (position, RNG, nested
 * cursors) it can write and read back, so that a restored mux continues with exactly the items an
 * uninterrupted one would have produced.
 */
package io.github.muxsource.mux;

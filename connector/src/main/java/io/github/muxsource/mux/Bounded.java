package io.github.muxsource.mux;

/** A run with a bound on the items it draws ({@link MaxRecords}). */
public interface Bounded {
    /** Whether the run drew every item its bound allows: its next item is none. */
    boolean boundReached();
}

/**
 * The runnable examples jar: the seed example, the {@code mix} preprocessing job, {@code inspect},
 * and the benchmarks, behind one {@link io.github.muxsource.examples.Main}.
 */
package io.github.muxsource.examples;

/**
 * The job of {@code docs/guide.md}, kept as a real source file so that it compiles and runs ({@code
 * MixJobTest} checks the guide shows exactly this file and runs it on a MiniCluster).
 */
package io.github.muxsource.examples.guide;

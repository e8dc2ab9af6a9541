package io.github.muxsource.examples; public final class Main { public static void main(String[] a) {} }

package io.github.muxsource.npz;

/**
 * One entry of a ZIP archive, located: where its data starts and how it is stored.
 *
 * @param name the entry name, e.g. {@code X.npy}
 * @param compressed whether the data is deflated (method 8) rather than stored (method 0)
 * @param dataOffset absolute file offset of the first data byte
 * @param compressedSize bytes of data in the file
 * @param uncompressedSize bytes after inflating; equals {@code compressedSize} when stored
 */
record ZipEntryInfo(
        String name,
        boolean compressed,
        long dataOffset,
        long compressedSize,
        long uncompressedSize) {}

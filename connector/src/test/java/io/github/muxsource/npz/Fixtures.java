package io.github.muxsource.npz;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/** The numpy-written fixtures under {@code src/test/resources/npz} and what numpy says of them. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/npz/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    /** expected.json: file name to the list of arrays numpy read from it. */
    public static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> goodFiles() {
        List<String> names = new ArrayList<>();
        Iterator<String> it = expected().fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** sha256 of an array's rows read in order: C order, the file's byte order. */
    public static String sha256OfRows(NpyArray array) throws IOException {
        MessageDigest digest = sha256();
        RowReader rows = array.openRows();
        byte[] row = new byte[array.rowBytes()];
        for (long r = 0; r < array.rows(); r++) {
            rows.read(r, row, 0);
            digest.update(row);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

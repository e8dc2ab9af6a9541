package io.github.muxsource.source.enumerator;

import io.github.muxsource.source.WeightSchedule;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live weights file: one JSON object of dataset name → positive number, such as {@code {"a": 3,
 * "b": 1}}, naming some or all of the configured datasets. Read whole at each poll; a missing file
 * means "no change".
 */
@Internal
public final class LiveWeightsFile {
    /** Files past this are refused: the file is a handful of weights, not data. */
    static final int MAX_BYTES = 1 << 20;

    private final String path;
    private final List<String> datasets;

    /** What one read found. */
    public sealed interface Read {}

    /** There is no file: nothing changes. */
    public record Missing() implements Read {}

    /** The file cannot be used, for {@code reason}: nothing changes. */
    public record Invalid(String reason) implements Read {}

    /** The file names these weights, checked against the configuration. */
    public record Weights(Map<String, Double> weights) implements Read {}

    public LiveWeightsFile(String path, List<String> datasets) {
        this.path = path;
        this.datasets = List.copyOf(datasets);
    }

    public String path() {
        return path;
    }

    /** Reads and checks the file; never throws for what the file holds. */
    public Read read() throws IOException {
        byte[] bytes;
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem();
        try {
            if (!fs.exists(p)) {
                return new Missing();
            }
            try (FSDataInputStream in = fs.open(p)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    if (out.size() > MAX_BYTES) {
                        return new Invalid(path + ": larger than " + MAX_BYTES + " bytes");
                    }
                }
                bytes = out.toByteArray();
            }
        } catch (FileNotFoundException e) {
            return new Missing(); // removed between the two calls
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses and checks a file's text. */
    Read parse(String text) {
        Map<String, Double> weights;
        try {
            weights = new FlatJson(text).object();
        } catch (IllegalArgumentException e) {
            return new Invalid(
                    path
                            + ": not a JSON object of dataset weights such as {\"a\": 3, \"b\": 1}"
                            + " ("
                            + e.getMessage()
                            + ")");
        }
        for (String name : weights.keySet()) {
            if (!datasets.contains(name)) {
                return new Invalid(
                        path
                                + ": names dataset '"
                                + name
                                + "', which is not configured (datasets: "
                                + String.join(", ", datasets)
                                + ")");
            }
        }
        try {
            return new Weights(WeightSchedule.checkWeights(path, weights));
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage());
        }
    }

    /** A parser for exactly one flat JSON object of string keys and number values. */
    private static final class FlatJson {
        private final String s;
        private int at;

        FlatJson(String s) {
            this.s = s;
        }

        Map<String, Double> object() {
            Map<String, Double> out = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                at++;
            } else {
                do {
                    String key = string();
                    expect(':');
                    if (out.put(key, number()) != null) {
                        throw new IllegalArgumentException("'" + key + "' appears twice");
                    }
                } while (tryConsume(','));
                expect('}');
            }
            if (peek() != 0) {
                throw new IllegalArgumentException("text after the object at offset " + at);
            }
            return out;
        }

        private char peek() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
            return at < s.length() ? s.charAt(at) : 0;
        }

        private boolean tryConsume(char c) {
            if (peek() == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!tryConsume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + at);
            }
        }

        private String string() {
            expect('"');
            int end = s.indexOf('"', at);
            if (end < 0 || s.substring(at, end).indexOf('\\') >= 0) {
                throw new IllegalArgumentException(
                        "expected a dataset name without escapes at offset " + at);
            }
            String key = s.substring(at, end);
            at = end + 1;
            return key;
        }

        private double number() {
            peek();
            int start = at;
            while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
                at++;
            }
            try {
                return Double.parseDouble(s.substring(start, at));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number at offset " + start);
            }
        }
    }
}

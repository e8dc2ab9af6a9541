package io.github.muxsource.npz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parser for the small subset of Python literals an NPY header uses: a dict of string keys to
 * strings, {@code True}/{@code False}, tuples of integers, and (to refuse them with a message)
 * lists for structured dtypes.
 */
final class PythonLiteral {
    /** A parsed dict; values are String, Boolean, long[] (tuples) or List (lists). */
    static final class Dict {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, String> raw = new LinkedHashMap<>();

        Object require(String key) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("header has no '" + key + "' key");
            }
            return values.get(key);
        }

        String raw(String key) {
            return raw.get(key);
        }

        int size() {
            return values.size();
        }

        Set<String> keys() {
            return values.keySet();
        }
    }

    private final String text;
    private int at;

    private PythonLiteral(String text) {
        this.text = text;
    }

    static Dict parseDict(String text) {
        PythonLiteral p = new PythonLiteral(text);
        Dict dict = p.dict();
        p.skipSpace();
        if (p.at != text.length()) {
            throw new IllegalArgumentException("trailing characters after the header dict");
        }
        return dict;
    }

    private Dict dict() {
        skipSpace();
        expect('{');
        Dict dict = new Dict();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                at++;
                return dict;
            }
            Object key = value();
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("header dict keys must be strings");
            }
            skipSpace();
            expect(':');
            skipSpace();
            int start = at;
            Object value = value();
            if (dict.values.put((String) key, value) != null) {
                throw new IllegalArgumentException("header repeats key '" + key + "'");
            }
            dict.raw.put((String) key, text.substring(start, at));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else if (peek() != '}') {
                throw error("',' or '}'");
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '\'' || c == '"') {
            return string(c);
        }
        if (c == '(') {
            return tuple();
        }
        if (c == '[') {
            return list();
        }
        if (text.startsWith("True", at)) {
            at += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", at)) {
            at += 5;
            return Boolean.FALSE;
        }
        if (c == '-' || Character.isDigit(c)) {
            return integer();
        }
        throw error("a value");
    }

    private String string(char quote) {
        at++;
        int end = text.indexOf(quote, at);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated string in header");
        }
        String s = text.substring(at, end);
        at = end + 1;
        return s;
    }

    /** A tuple: long[] when it holds only integers (a shape), otherwise a List. */
    private Object tuple() {
        List<Object> items = sequence(')');
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Long)) {
                return items;
            }
            out[i] = (Long) items.get(i);
        }
        return out;
    }

    private List<Object> list() {
        return sequence(']');
    }

    private List<Object> sequence(char close) {
        at++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                at++;
                return items;
            }
            items.add(value());
            skipSpace();
            if (peek() == ',') {
                at++;
            } else if (peek() != close) {
                throw error("',' or '" + close + "'");
            }
        }
    }

    private long integer() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        // Python 2 era headers may write 3L.
        String digits = text.substring(start, at);
        if (at < text.length() && text.charAt(at) == 'L') {
            at++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "integer '" + digits + "' in header is out of range");
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw new IllegalArgumentException("header ends unexpectedly");
        }
        return text.charAt(at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException(
                "malformed header: expected " + expected + " at character " + at);
    }
}

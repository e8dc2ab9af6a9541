package io.github.muxsource.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line flags: {@code --name value}, repeatable ones, boolean switches, and positionals. */
final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param switches flags that take no value
     * @param known every accepted flag; others are refused by name
     */
    Args(String[] args, int from, Set<String> switches, Set<String> known) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0 && !switches.contains(name)) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name) && !switches.contains(name)) {
                throw new UsageException("unknown flag --" + name);
            }
            if (switches.contains(name)) {
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    String get(String name, String fallback) {
        List<String> v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.size() > 1) {
            throw new UsageException("--" + name + " given more than once");
        }
        return v.get(0);
    }

    long getLong(String name, long fallback) {
        String v = get(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    int getInt(String name, int fallback) {
        long v = getLong(name, fallback);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new UsageException("--" + name + " is out of range: " + v);
        }
        return (int) v;
    }

    List<String> positional() {
        return positional;
    }

    /** A bad command line: reported as a one-line error and exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

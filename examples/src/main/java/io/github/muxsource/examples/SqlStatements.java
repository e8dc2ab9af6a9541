package io.github.muxsource.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL file into statements at the semicolons outside quotes ({@code '...'}, {@code "..."},
 * {@code `...`}) and comments ({@code -- ...}, {@code /* ... *}{@code /}).
 */
final class SqlStatements {
    private SqlStatements() {}

    /** The file's statements, trimmed, without their semicolons; empty ones are dropped. */
    static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
                continue;
            }
            if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
                current.append(' ');
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = i + 1;
                while (end < sql.length()) {
                    if (sql.charAt(end) == c) {
                        // A doubled quote is an escaped quote inside the literal.
                        if (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                current.append(sql, i, Math.min(end + 1, sql.length()));
                i = end + 1;
                continue;
            }
            if (c == ';') {
                add(statements, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
            i++;
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            statements.add(s);
        }
    }
}

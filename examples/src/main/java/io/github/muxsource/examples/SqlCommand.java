package io.github.muxsource.examples;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sql FILE.sql}: runs the file's statements in order on the embedded Flink and prints every
 * row of every query result as one JSON object per line, keyed by column name. {@code SET 'key' =
 * 'value'} statements before the first other statement configure the environment (so {@code
 * execution.runtime-mode} chooses batch or streaming); later ones change the table configuration.
 */
final class SqlCommand {
    private static final Pattern SET =
            Pattern.compile(
                    "SET\\s+(?:'([^']*)'|([\\w.\\-]+))\\s*=\\s*(?:'((?:[^']|'')*)'|(\\S+))",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private SqlCommand() {}

    static int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(argv, 1, Set.of(), Set.of());
        if (args.positional().size() != 1) {
            throw new Args.UsageException("sql needs exactly one FILE.sql");
        }
        Path file = Path.of(args.positional().get(0));
        if (!Files.isRegularFile(file)) {
            throw new Args.UsageException(file + ": no such file");
        }
        Configuration settings = new Configuration();
        TableEnvironment tables = null;
        int n = 0;
        for (String statement : SqlStatements.split(Files.readString(file))) {
            n++;
            Matcher set = SET.matcher(statement);
            if (set.matches()) {
                String key = set.group(1) != null ? set.group(1) : set.group(2);
                String value =
                        set.group(3) != null ? set.group(3).replace("''", "'") : set.group(4);
                if (tables == null) {
                    settings.setString(key, value);
                } else {
                    tables.getConfig().getConfiguration().setString(key, value);
                }
                continue;
            }
            if (tables == null) {
                // Through the stream environment, so queries run on the command's one embedded
                // cluster (EmbeddedCluster) and every collect ends before it shuts down.
                tables =
                        StreamTableEnvironment.create(
                                StreamExecutionEnvironment.getExecutionEnvironment(settings),
                                EnvironmentSettings.newInstance()
                                        .withConfiguration(settings)
                                        .build());
            }
            try {
                print(tables.executeSql(statement), statement, out);
            } catch (RuntimeException e) {
                // Not the cause: Main prints the deepest cause's message, and this one names the
                // statement; the original stays attached for a stack trace.
                IllegalStateException named =
                        new IllegalStateException(
                                file + ", statement " + n + ": " + Main.oneLine(e));
                named.addSuppressed(e);
                throw named;
            }
        }
        return 0;
    }

    private static void print(TableResult result, String statement, PrintStream out)
            throws Exception {
        String verb = statement.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (verb.equals("INSERT") || verb.equals("EXECUTE")) {
            result.await();
            return;
        }
        if (result.getResultKind() != ResultKind.SUCCESS_WITH_CONTENT) {
            return;
        }
        List<String> names = result.getResolvedSchema().getColumnNames();
        try (CloseableIterator<Row> rows = result.collect()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                Map<String, Object> line = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    line.put(names.get(i), json(row.getField(i)));
                }
                out.println(Json.write(line));
            }
        }
    }

    /** A SQL value as JSON: numbers, strings, booleans; BYTES in base64; arrays as lists. */
    static Object json(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(json(Array.get(value, i)));
            }
            return list;
        }
        if (value instanceof Row row) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < row.getArity(); i++) {
                list.add(json(row.getField(i)));
            }
            return list;
        }
        return value.toString();
    }
}

package io.github.muxsource.examples;

import io.github.muxsource.npz.NpzEntries;
import io.github.muxsource.npz.NpzFormatException;
import io.github.muxsource.npz.NpzShard;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inspect [--json] FILE...}: every array of each file (0-d, any shape, any dtype numpy loads
 * without pickle) with dtype, shape, order, storage and the sha256 of the array's bytes in C order
 * (what {@code np.ascontiguousarray(a).tobytes()} hashes), and whether the file can serve as a
 * shard ({@code "shard": true}) or why not.
 */
final class InspectCommand {
    private InspectCommand() {}

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Args args = new Args(argv, 1, Set.of("json"), Set.of());
        if (args.positional().isEmpty()) {
            throw new Args.UsageException("inspect needs at least one FILE");
        }
        boolean json = args.has("json");
        int failed = 0;
        for (String file : args.positional()) {
            try {
                List<Map<String, Object>> entries = describe(file);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("path", file);
                line.put("entries", entries);
                line.put("shard", shard(file));
                out.println(json ? Json.write(line) : table(file, entries, line.get("shard")));
            } catch (Exception e) {
                failed++;
                err.println("error: " + Main.oneLine(e));
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static List<Map<String, Object>> describe(String file) throws Exception {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (NpzEntries.Entry array : NpzEntries.describe(file)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", array.name());
            e.put("descr", array.descr());
            e.put("shape", array.shape());
            e.put("fortran_order", array.fortranOrder());
            e.put("compressed", array.compressed());
            e.put("sha256", array.sha256());
            entries.add(e);
        }
        return entries;
    }

    /** {@code true} when the file can serve as a shard as it is, else why not. */
    static Object shard(String file) {
        try (NpzShard shard = NpzShard.open(file)) {
            return true;
        } catch (NpzFormatException e) {
            String prefix = e.entry() == null ? file : file + " [" + e.entry() + "]";
            String message = e.getMessage();
            return message.startsWith(prefix + ": ")
                    ? (e.entry() == null ? "" : e.entry() + ": ")
                            + message.substring(prefix.length() + 2)
                    : message;
        } catch (Exception e) {
            return Main.oneLine(e);
        }
    }

    /** A shape the way Python prints a tuple: (), (5,), (28, 28). */
    static String pythonTuple(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String table(String file, List<Map<String, Object>> entries, Object shard) {
        StringBuilder s = new StringBuilder(file).append('\n');
        s.append(
                String.format(
                        "  %-16s %-10s %-20s %-7s %-10s %s%n",
                        "name", "dtype", "shape", "order", "storage", "sha256"));
        for (Map<String, Object> e : entries) {
            long[] shape = (long[]) e.get("shape");
            s.append(
                    String.format(
                            "  %-16s %-10s %-20s %-7s %-10s %s%n",
                            e.get("name"),
                            e.get("descr"),
                            pythonTuple(shape),
                            (Boolean) e.get("fortran_order") ? "F" : "C",
                            (Boolean) e.get("compressed") ? "deflated" : "stored",
                            e.get("sha256")));
        }
        s.append("  shard: ").append(shard.equals(true) ? "yes" : "no, " + shard);
        return s.toString();
    }
}

package io.github.muxsource.examples;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.RowReader;

import java.io.PrintStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inspect [--json] FILE...}: each shard's arrays with dtype, shape, order, storage and the
 * sha256 of the array's bytes in C order (what {@code np.ascontiguousarray(a).tobytes()} hashes).
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
                out.println(json ? Json.write(line) : table(file, entries));
            } catch (Exception e) {
                failed++;
                err.println("error: " + Main.oneLine(e));
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static List<Map<String, Object>> describe(String file) throws Exception {
        List<Map<String, Object>> entries = new ArrayList<>();
        try (NpzShard shard = NpzShard.open(file)) {
            for (NpyArray array : shard.arrays()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", array.name());
                e.put("descr", array.dtype().descr());
                e.put("shape", array.header().shape());
                e.put("fortran_order", array.header().fortranOrder());
                e.put("compressed", array.compressed());
                e.put("sha256", sha256(array));
                entries.add(e);
            }
        }
        return entries;
    }

    private static String sha256(NpyArray array) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        RowReader rows = array.openRows();
        byte[] row = new byte[array.rowBytes()];
        for (long r = 0; r < array.rows(); r++) {
            rows.read(r, row, 0);
            digest.update(row);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A shape the way Python prints a tuple: (), (5,), (28, 28). */
    static String pythonTuple(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static String table(String file, List<Map<String, Object>> entries) {
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
        return s.toString().stripTrailing();
    }
}

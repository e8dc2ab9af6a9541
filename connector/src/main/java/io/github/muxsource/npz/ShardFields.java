package io.github.muxsource.npz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses which arrays of an archive make a shard's fields, and checks that they share their rows.
 *
 * <p>With a selection, only the named arrays are opened, in the selection's order; every other
 * entry is ignored unread (0-d scalars, arrays of other lengths, even dtypes this reader refuses).
 * Without one, every entry must be an array with the same first dimension; a file with extras is
 * refused with an error that names them and suggests the selection that would read the rest.
 */
final class ShardFields {
    private ShardFields() {}

    /**
     * Opens the arrays that make the shard's fields.
     *
     * @param fields the names to read, or empty for every array
     */
    static List<NpyArray> open(
            ByteSource file, List<ZipEntryInfo> entries, List<String> fields, SpillSpace spillSpace)
            throws IOException {
        List<NpyArray> arrays =
                fields.isEmpty()
                        ? openAll(file, entries, spillSpace)
                        : openSelected(file, entries, fields, spillSpace);
        if (arrays.isEmpty()) {
            throw new NpzFormatException(file.location(), null, "archive holds no arrays");
        }
        NpyArray first = arrays.get(0);
        for (NpyArray array : arrays) {
            if (array.rows() != first.rows()) {
                throw array.error(
                        "row counts differ: "
                                + array.rows()
                                + " rows, but "
                                + first.name()
                                + " has "
                                + first.rows());
            }
        }
        return arrays;
    }

    private static List<NpyArray> openSelected(
            ByteSource file, List<ZipEntryInfo> entries, List<String> fields, SpillSpace spillSpace)
            throws IOException {
        Map<String, ZipEntryInfo> byName = new LinkedHashMap<>();
        for (ZipEntryInfo entry : entries) {
            byName.put(entry.name(), entry);
        }
        List<NpyArray> arrays = new ArrayList<>();
        for (String field : fields) {
            ZipEntryInfo entry = byName.get(field + ".npy");
            if (entry == null) {
                throw new NpzFormatException(
                        file.location(),
                        null,
                        "no array '"
                                + field
                                + "' to read (the archive holds "
                                + names(entries)
                                + ")");
            }
            arrays.add(NpyArray.open(file, entry, spillSpace));
        }
        return arrays;
    }

    private static List<NpyArray> openAll(
            ByteSource file, List<ZipEntryInfo> entries, SpillSpace spillSpace) throws IOException {
        List<NpyHeader> headers = new ArrayList<>();
        for (ZipEntryInfo entry : entries) {
            if (!entry.name().endsWith(".npy")) {
                throw new NpzFormatException(
                        file.location(), entry.name(), "entry is not an .npy array");
            }
            headers.add(NpyArray.readHeader(file, entry));
        }
        refuseExtras(file.location(), entries, headers);
        List<NpyArray> arrays = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            arrays.add(NpyArray.open(file, entries.get(i), headers.get(i), spillSpace));
        }
        return arrays;
    }

    /**
     * Refuses 0-d arrays and arrays whose rows differ from the largest group sharing a row count
     * (ties: the group of the first array), naming them and suggesting that group as a selection.
     */
    private static void refuseExtras(
            String location, List<ZipEntryInfo> entries, List<NpyHeader> headers)
            throws NpzFormatException {
        Map<Long, List<String>> byRows = new LinkedHashMap<>();
        List<String> scalars = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = arrayName(entries.get(i));
            long[] shape = headers.get(i).shape();
            if (shape.length == 0) {
                scalars.add(name);
            } else {
                byRows.computeIfAbsent(shape[0], r -> new ArrayList<>()).add(name);
            }
        }
        if (byRows.size() <= 1 && scalars.isEmpty()) {
            return;
        }
        if (byRows.isEmpty()) {
            throw new NpzFormatException(
                    location,
                    scalars.get(0) + ".npy",
                    "0-d array (a scalar) has no rows: "
                            + String.join(", ", scalars)
                            + "; a shard needs arrays with rows");
        }
        long rows = byRows.keySet().iterator().next();
        for (Map.Entry<Long, List<String>> group : byRows.entrySet()) {
            if (group.getValue().size() > byRows.get(rows).size()) {
                rows = group.getKey();
            }
        }
        List<String> keep = byRows.get(rows);
        List<String> parts = new ArrayList<>();
        parts.add(
                String.join(", ", keep) + (keep.size() == 1 ? " has " : " have ") + rows + " rows");
        String firstExtra = null;
        for (Map.Entry<Long, List<String>> group : byRows.entrySet()) {
            if (group.getKey() != rows) {
                List<String> names = group.getValue();
                firstExtra = firstExtra == null ? names.get(0) : firstExtra;
                parts.add(
                        String.join(", ", names)
                                + (names.size() == 1 ? " has " : " have ")
                                + group.getKey()
                                + " rows");
            }
        }
        if (!scalars.isEmpty()) {
            firstExtra = firstExtra == null ? scalars.get(0) : firstExtra;
            parts.add(String.join(", ", scalars) + " 0-d (a scalar, no rows)");
        }
        String cause =
                (byRows.size() > 1 ? "row counts differ" : "0-d array (a scalar) has no rows")
                        + ": "
                        + String.join("; ", parts)
                        + ". Choose the arrays to read with --fields "
                        + String.join(",", keep)
                        + " (or .fields(\""
                        + String.join("\", \"", keep)
                        + "\"))";
        throw new NpzFormatException(location, firstExtra + ".npy", cause);
    }

    /** The entry's name without {@code .npy}, interned as the entry's name is. */
    static String arrayName(ZipEntryInfo entry) {
        return entry.name().substring(0, entry.name().length() - ".npy".length()).intern();
    }

    private static String names(List<ZipEntryInfo> entries) {
        List<String> names = new ArrayList<>();
        for (ZipEntryInfo entry : entries) {
            names.add(entry.name().endsWith(".npy") ? arrayName(entry) : entry.name());
        }
        return String.join(", ", names);
    }
}

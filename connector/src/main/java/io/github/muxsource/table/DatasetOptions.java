package io.github.muxsource.table;

import io.github.muxsource.source.MuxSourceBuilder;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The datasets of a table, from its {@code dataset.<name>.path} (comma-separated files, directories
 * or globs) and optional {@code dataset.<name>.weight} (default 1) options. Datasets are ordered by
 * name: a table's options have no order, and the order is the dataset index that mixing and
 * determinism depend on.
 */
@Internal
final class DatasetOptions {
    static final String PREFIX = "dataset.";

    /** One dataset: its name, weight and paths. */
    record Dataset(String name, double weight, List<String> paths) {}

    private DatasetOptions() {}

    /** Parses the datasets from all of a table's options, refusing unknown dataset keys. */
    static List<Dataset> parse(Map<String, String> options) {
        Map<String, String> paths = new TreeMap<>();
        Map<String, String> weights = new TreeMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String name = dot > PREFIX.length() ? key.substring(PREFIX.length(), dot) : "";
            String what = key.substring(dot + 1);
            if (name.isEmpty() || !(what.equals("path") || what.equals("weight"))) {
                throw new ValidationException(
                        "option '" + key + "' is not dataset.<name>.path or dataset.<name>.weight");
            }
            (what.equals("path") ? paths : weights).put(name, option.getValue());
        }
        for (String name : weights.keySet()) {
            if (!paths.containsKey(name)) {
                throw new ValidationException(
                        "option 'dataset." + name + ".weight' has no 'dataset." + name + ".path'");
            }
        }
        if (paths.isEmpty()) {
            throw new ValidationException(
                    "a muxsource table needs at least one 'dataset.<name>.path' option");
        }
        List<Dataset> datasets = new ArrayList<>();
        paths.forEach(
                (name, value) -> {
                    List<String> list = new ArrayList<>();
                    for (String path : value.split(",")) {
                        if (!path.isBlank()) {
                            list.add(path.strip());
                        }
                    }
                    if (list.isEmpty()) {
                        throw new ValidationException(
                                "option 'dataset." + name + ".path' names no path");
                    }
                    datasets.add(new Dataset(name, weight(name, weights.get(name)), list));
                });
        return datasets;
    }

    private static double weight(String name, String value) {
        if (value == null) {
            return 1.0;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new ValidationException(
                    "option 'dataset." + name + ".weight' must be a number, got '" + value + "'");
        }
    }

    static void addTo(MuxSourceBuilder<?> builder, List<Dataset> datasets) {
        for (Dataset d : datasets) {
            builder.dataset(d.name(), d.weight(), d.paths().toArray(new String[0]));
        }
    }
}

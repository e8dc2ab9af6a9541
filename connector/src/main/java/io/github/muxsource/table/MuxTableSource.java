package io.github.muxsource.table;

import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scan of a muxsource table: a {@link MuxSource} of {@link RowData} that reads only the arrays
 * the query selects (projection pushdown) and fills the metadata columns it asks for. Bounded when
 * the mix is (an exhaustive pass over finite rows, or {@code max-records}).
 */
@Internal
final class MuxTableSource
        implements ScanTableSource, SupportsProjectionPushDown, SupportsReadingMetadata {

    /** A physical column: the array it reads and its SQL type. */
    record Column(String name, DataType type) {}

    private final Map<String, String> options;
    private final List<DatasetOptions.Dataset> datasets;
    private final List<Column> physical;
    private int[] projection;
    private List<String> metadataKeys = List.of();

    MuxTableSource(
            Map<String, String> options,
            List<DatasetOptions.Dataset> datasets,
            List<Column> physical) {
        this.options = options;
        this.datasets = datasets;
        this.physical = physical;
        this.projection = new int[physical.size()];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = i;
        }
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        List<String> fields = new ArrayList<>();
        List<FieldConverter> converters = new ArrayList<>();
        List<DataType> produced = new ArrayList<>();
        for (int p : projection) {
            Column column = physical.get(p);
            fields.add(column.name());
            converters.add(new FieldConverter(column.type().getLogicalType()));
            produced.add(column.type());
        }
        List<MetadataKey> metadata = new ArrayList<>();
        for (String key : metadataKeys) {
            metadata.add(MetadataKey.of(key));
            produced.add(MetadataKey.of(key).type());
        }
        List<DataTypes.Field> rowFields = new ArrayList<>();
        for (int i = 0; i < produced.size(); i++) {
            rowFields.add(DataTypes.FIELD("f" + i, produced.get(i)));
        }
        DataType rowType = DataTypes.ROW(rowFields).notNull();
        MuxSourceBuilder<RowData> builder =
                MuxSource.builder(
                        new RowDataMapper(fields, converters, metadata),
                        context.createTypeInformation(rowType));
        configure(builder, readFields(fields));
        Integer parallelism =
                Configuration.fromMap(options)
                        .getOptional(MuxTableOptions.PARALLELISM)
                        .orElse(null);
        return SourceProvider.of(builder.build(), parallelism);
    }

    /**
     * The arrays the scan reads: the selected ones; when the query selects none (only metadata, or
     * a count), the table's first column's, whose headers give the rows; none for a table without
     * physical columns.
     */
    private List<String> readFields(List<String> selected) {
        if (!selected.isEmpty() || physical.isEmpty()) {
            return selected;
        }
        return List.of(physical.get(0).name());
    }

    /** Applies the table's datasets, mux options and field selection to {@code builder}. */
    void configure(MuxSourceBuilder<?> builder, List<String> fields) {
        DatasetOptions.addTo(builder, datasets);
        MuxTableOptions.configure(builder, Configuration.fromMap(options), datasets.size());
        if (!fields.isEmpty()) {
            builder.fields(fields.toArray(new String[0]));
        }
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        int[] top = new int[projectedFields.length];
        for (int i = 0; i < top.length; i++) {
            top[i] = projectedFields[i][0];
        }
        this.projection = top;
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> readable = new LinkedHashMap<>();
        for (MetadataKey key : MetadataKey.values()) {
            readable.put(key.key(), key.type());
        }
        return readable;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = List.copyOf(metadataKeys);
    }

    @Override
    public DynamicTableSource copy() {
        MuxTableSource copy = new MuxTableSource(options, datasets, physical);
        copy.projection = projection.clone();
        copy.metadataKeys = metadataKeys;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "MuxSource";
    }
}

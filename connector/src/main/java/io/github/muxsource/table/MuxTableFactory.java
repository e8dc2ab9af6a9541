package io.github.muxsource.table;

import io.github.muxsource.npz.NpyArray;
import io.github.muxsource.npz.NpzShard;
import io.github.muxsource.npz.SpillSpace;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.source.MuxSource;
import io.github.muxsource.source.MuxSourceBuilder;
import io.github.muxsource.source.enumerator.ShardDiscovery;
import io.github.muxsource.source.enumerator.ShardInfo;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL face of MuxSource: {@code 'connector' = 'muxsource'}. Options mirror the {@code mix}
 * command's flags; each physical column reads the array of its name; metadata columns read {@code
 * dataset}, {@code shard}, {@code row} and {@code lane}. See docs/sql.md.
 *
 * <pre>{@code
 * CREATE TABLE mixed (
 *   X BYTES, Y BIGINT,
 *   ds STRING METADATA FROM 'dataset' VIRTUAL
 * ) WITH (
 *   'connector' = 'muxsource',
 *   'dataset.alpha.path' = '/data/alpha', 'dataset.alpha.weight' = '1',
 *   'dataset.beta.path' = 's3://bucket/beta/*.npz', 'dataset.beta.weight' = '3',
 *   'mode' = 'exhaustive', 'row-order' = 'sequential', 'seed' = '4'
 * );
 * }</pre>
 *
 * <p>At planning time the shards are discovered and validated from their headers, and every column
 * is checked against the array of its name in the first shard of every dataset: a column that
 * cannot take it is refused with the column, the dtype and the types that would fit.
 */
@PublicEvolving
public final class MuxTableFactory implements DynamicTableSourceFactory {
    public static final String IDENTIFIER = "muxsource";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return MuxTableOptions.all();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(DatasetOptions.PREFIX);
        Map<String, String> options = context.getCatalogTable().getOptions();
        List<DatasetOptions.Dataset> datasets = DatasetOptions.parse(options);
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        List<MuxTableSource.Column> physical = new ArrayList<>();
        for (Column column : schema.getColumns()) {
            if (column.isPhysical()) {
                physical.add(new MuxTableSource.Column(column.getName(), column.getDataType()));
            }
        }
        MuxTableSource source = new MuxTableSource(options, datasets, physical);
        checkColumns(source, datasets, physical);
        return source;
    }

    /**
     * Discovers the shards (headers only) and checks every physical column against its array in the
     * first shard of every dataset.
     */
    private static void checkColumns(
            MuxTableSource source,
            List<DatasetOptions.Dataset> datasets,
            List<MuxTableSource.Column> physical) {
        List<String> names = new ArrayList<>();
        physical.forEach(c -> names.add(c.name()));
        MuxSource<Sample> probe;
        try {
            MuxSourceBuilder<Sample> builder = MuxSource.builder();
            source.configure(builder, names);
            probe = builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ValidationException("muxsource table: " + e.getMessage(), e);
        }
        try {
            List<List<ShardInfo>> shards = new ShardDiscovery(probe.config()).discover();
            for (int d = 0; d < datasets.size(); d++) {
                String first = shards.get(d).get(0).path();
                try (NpzShard shard = NpzShard.open(first, SpillSpace.temporary(), names)) {
                    for (MuxTableSource.Column column : physical) {
                        check(column, datasets.get(d).name(), shard);
                    }
                }
            }
        } catch (IOException e) {
            throw new ValidationException("muxsource table: " + e.getMessage(), e);
        }
    }

    private static void check(MuxTableSource.Column column, String dataset, NpzShard shard) {
        NpyArray array = shard.array(column.name());
        String refusal =
                FieldTypes.refusal(column.type().getLogicalType(), array.dtype(), array.rowShape());
        if (refusal != null) {
            throw new ValidationException(
                    "column '"
                            + column.name()
                            + "' "
                            + column.type().getLogicalType().asSummaryString()
                            + " cannot take array '"
                            + column.name()
                            + "' of dataset '"
                            + dataset
                            + "' ("
                            + array.dtype().descr()
                            + ", row shape "
                            + FieldTypes.pythonTuple(array.rowShape())
                            + ", in "
                            + shard.location()
                            + "): "
                            + refusal
                            + "; it fits "
                            + FieldTypes.fits(array.dtype(), array.rowShape()));
        }
    }
}

package io.github.muxsource.table;

import io.github.muxsource.sample.SampleView;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;

/**
 * The metadata a muxsource table can read ({@code METADATA FROM 'dataset' VIRTUAL}): where each
 * mixed row came from.
 */
@PublicEvolving
public enum MetadataKey {
    /** The dataset's name, as in its {@code dataset.<name>.path} option. */
    DATASET("dataset", DataTypes.STRING().notNull()),
    /** The shard's path or URI. */
    SHARD("shard", DataTypes.STRING().notNull()),
    /** The row within the shard. */
    ROW("row", DataTypes.BIGINT().notNull()),
    /** The lane (Flink split) that produced the row. */
    LANE("lane", DataTypes.INT().notNull());

    private final String key;
    private final DataType type;

    MetadataKey(String key, DataType type) {
        this.key = key;
        this.type = type;
    }

    /** The key as written in {@code METADATA FROM '...'}. */
    public String key() {
        return key;
    }

    public DataType type() {
        return type;
    }

    static MetadataKey of(String key) {
        for (MetadataKey m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metadata key '" + key + "'");
    }

    /** The value for {@code view} as a Flink internal object. */
    Object read(SampleView view) {
        return switch (this) {
            case DATASET -> StringData.fromString(view.dataset());
            case SHARD -> StringData.fromString(view.shardPath());
            case ROW -> view.row();
            case LANE -> view.lane();
        };
    }
}

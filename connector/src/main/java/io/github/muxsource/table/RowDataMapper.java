package io.github.muxsource.table;

import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.sample.SampleView;
import io.github.muxsource.source.SampleMapper;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;

import java.util.List;

/**
 * Makes a table row straight from the reader's view: the selected fields, converted to their
 * columns' types, then the metadata columns. Only the selected fields' bytes are read.
 */
@Internal
final class RowDataMapper implements SampleMapper<RowData> {
    private static final long serialVersionUID = 1L;

    private final String[] fields;
    private final FieldConverter[] converters;
    private final MetadataKey[] metadata;

    /** The layout {@link #indices} was resolved for; views of one shard share one layout. */
    private transient FieldLayout layout;

    private transient int[] indices;

    RowDataMapper(
            List<String> fields, List<FieldConverter> converters, List<MetadataKey> metadata) {
        this.fields = fields.toArray(new String[0]);
        this.converters = converters.toArray(new FieldConverter[0]);
        this.metadata = metadata.toArray(new MetadataKey[0]);
    }

    @Override
    public RowData map(SampleView view) {
        FieldLayout current = view.layout();
        if (current != layout) {
            int[] resolved = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                resolved[i] = current.index(fields[i]);
            }
            indices = resolved;
            layout = current;
        }
        GenericRowData row = new GenericRowData(fields.length + metadata.length);
        for (int i = 0; i < fields.length; i++) {
            int field = indices[i];
            row.setField(
                    i,
                    converters[i].convert(
                            view.bytes(field), current.dtype(field), current.shape(field)));
        }
        for (int i = 0; i < metadata.length; i++) {
            row.setField(fields.length + i, metadata[i].read(view));
        }
        return row;
    }
}

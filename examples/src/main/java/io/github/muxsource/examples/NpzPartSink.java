package io.github.muxsource.examples;

import io.github.muxsource.npz.NpzWriter;
import io.github.muxsource.sample.FieldLayout;
import io.github.muxsource.sample.Sample;
import io.github.muxsource.sample.SampleBatch;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes samples as {@code part-SSSSS-NNNNN.npz} files of {@code rowsPerFile} rows (subtask S,
 * sequence N), each array keeping its dtype and row shape; with provenance, also {@code _dataset}
 * (int32), {@code _shard} (int32) and {@code _row} (int64). At the end of input each subtask writes
 * {@code .counts-SSSSS}: files written, records per dataset index, and batches received. Takes
 * {@link Sample}s or {@link SampleBatch}es; a batch is written row by row, so the files are the
 * same either way.
 *
 * @param <T> {@link Sample} or {@link SampleBatch}
 */
final class NpzPartSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final int rowsPerFile;
    private final boolean compress;
    private final boolean provenance;
    private final int datasets;

    NpzPartSink(
            Path directory, int rowsPerFile, boolean compress, boolean provenance, int datasets) {
        this.directory = directory.toString();
        this.rowsPerFile = rowsPerFile;
        this.compress = compress;
        this.provenance = provenance;
        this.datasets = datasets;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer(context.getTaskInfo().getIndexOfThisSubtask());
    }

    private final class Writer implements SinkWriter<T> {
        private final int subtask;
        private final long[] perDataset = new long[datasets];
        private FieldLayout layout;
        private List<ByteArrayOutputStream> fields;
        private ByteBuffer provenanceBytes;
        private int rows;
        private int files;
        private long batches;

        Writer(int subtask) {
            this.subtask = subtask;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            if (element instanceof SampleBatch batch) {
                batches++;
                for (int i = 0; i < batch.size(); i++) {
                    write(batch.sample(i));
                }
            } else {
                write((Sample) element);
            }
        }

        private void write(Sample sample) throws IOException {
            if (layout == null) {
                layout = sample.layout();
                fields = new ArrayList<>();
                for (int f = 0; f < layout.size(); f++) {
                    fields.add(new ByteArrayOutputStream());
                }
                provenanceBytes =
                        ByteBuffer.allocate(16 * rowsPerFile).order(ByteOrder.LITTLE_ENDIAN);
            } else if (!layout.equals(sample.layout())) {
                throw new IOException(
                        "sample of dataset '"
                                + sample.dataset()
                                + "' has arrays "
                                + sample.layout()
                                + ", but earlier samples had "
                                + layout);
            }
            for (int f = 0; f < layout.size(); f++) {
                fields.get(f).write(sample.bytesUnsafe(f));
            }
            provenanceBytes
                    .putInt(sample.datasetIndex())
                    .putInt(sample.shardIndex())
                    .putLong(sample.row());
            perDataset[sample.datasetIndex()]++;
            if (++rows == rowsPerFile) {
                writeFile();
            }
        }

        private void writeFile() throws IOException {
            Path target = Path.of(directory, String.format("part-%05d-%05d.npz", subtask, files));
            try (NpzWriter out = NpzWriter.create(target, compress, true)) {
                for (int f = 0; f < layout.size(); f++) {
                    out.add(
                            layout.name(f),
                            layout.descr(f),
                            shape(rows, layout.shape(f)),
                            fields.get(f).toByteArray());
                    fields.get(f).reset();
                }
                if (provenance) {
                    writeProvenance(out);
                }
                out.commit();
            }
            provenanceBytes.clear();
            rows = 0;
            files++;
        }

        private void writeProvenance(NpzWriter out) throws IOException {
            ByteBuffer dataset = ByteBuffer.allocate(4 * rows).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer shard = ByteBuffer.allocate(4 * rows).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer row = ByteBuffer.allocate(8 * rows).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rows; i++) {
                dataset.putInt(provenanceBytes.getInt(16 * i));
                shard.putInt(provenanceBytes.getInt(16 * i + 4));
                row.putLong(provenanceBytes.getLong(16 * i + 8));
            }
            out.add("_dataset", "<i4", new long[] {rows}, dataset.array());
            out.add("_shard", "<i4", new long[] {rows}, shard.array());
            out.add("_row", "<i8", new long[] {rows}, row.array());
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            if (rows > 0) {
                writeFile();
            }
            StringBuilder counts = new StringBuilder().append(files);
            for (long n : perDataset) {
                counts.append(' ').append(n);
            }
            counts.append(' ').append(batches);
            Files.writeString(
                    Path.of(directory, String.format(".counts-%05d", subtask)), counts.toString());
        }

        @Override
        public void close() {}
    }

    private static long[] shape(int rows, long[] rowShape) {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return shape;
    }
}

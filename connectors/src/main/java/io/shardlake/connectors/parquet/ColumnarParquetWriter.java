package io.shardlake.connectors.parquet;

import static java.lang.Math.max;
import static java.lang.Math.min;

import java.io.IOException;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file written value by value straight into parquet-java's column writers: what its
 * {@code ParquetWriter} does for a flat schema of optional columns, without the record API in
 * between (start/end of every field, a bit set of the fields written, a null written for each
 * one left out), which cost about a fifth of writing a row. Row groups are closed as
 * parquet-java's own writer closes them: by buffered size, checked every few rows, and at the
 * row count limit of the properties.
 */
final class ColumnarParquetWriter {

    /** The footer's object model, as parquet-java's writer records its write support's name. */
    static final String OBJECT_MODEL = "shardlake";

    private final ParquetFileWriter file;
    private final MessageType schema;
    private final ParquetProperties props;
    private final BytesInputCompressor compressor;
    private final long rowGroupBytes;
    private final ColumnDescriptor[] descriptors;

    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private ColumnWriter[] columns;
    private long rowGroupRows;
    private long rowsForNextSizeCheck;
    private long nextRowGroupBytes;
    private long lastRowGroupEnd;
    private boolean closed;

    /** Creates the file (in {@code mode}) and writes its header. */
    ColumnarParquetWriter(OutputFile out, ParquetFileWriter.Mode mode, MessageType schema, ParquetProperties props,
                          BytesInputCompressor compressor, long rowGroupBytes) throws IOException {
        this.schema = schema;
        this.props = props;
        this.compressor = compressor;
        this.rowGroupBytes = rowGroupBytes;
        this.nextRowGroupBytes = rowGroupBytes;
        this.descriptors = schema.getColumns().toArray(ColumnDescriptor[]::new);
        this.file = new ParquetFileWriter(out, schema, mode, rowGroupBytes, ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, props);
        file.start();
        startRowGroup();
    }

    private void startRowGroup() {
        pageStore = ColumnChunkPageWriteStore.builder()
                .withSchema(schema)
                .withAllocator(props.getAllocator())
                .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
                .withCompressorProvider(column -> compressor)
                .build();
        columnStore = props.newColumnWriteStore(schema, pageStore, pageStore);
        columns = new ColumnWriter[descriptors.length];
        for (int i = 0; i < descriptors.length; i++) {
            columns[i] = columnStore.getColumnWriter(descriptors[i]);
        }
        rowGroupRows = 0;
        rowsForNextSizeCheck = props.getMinRowCountForPageSizeCheck();
    }

    /** The column writer of schema column {@code index} in the current row group: valid until {@link #endRow}. */
    ColumnWriter column(int index) {
        return columns[index];
    }

    /** Ends the row whose values were written to every column; may close the row group. */
    void endRow() throws IOException {
        columnStore.endRecord();
        rowGroupRows++;
        if (rowGroupRows >= props.getRowGroupRowCountLimit()) {
            nextRowGroup();
        } else if (rowGroupRows >= rowsForNextSizeCheck) {
            long buffered = columnStore.getBufferedSize();
            long rowBytes = buffered / rowGroupRows;
            // as parquet-java: close it within ~2 rows of the limit, better slightly under than over
            if (buffered > nextRowGroupBytes - 2 * rowBytes) {
                nextRowGroup();
            } else {
                rowsForNextSizeCheck = min(max(props.getMinRowCountForPageSizeCheck(),
                        (rowGroupRows + (long) (nextRowGroupBytes / (float) max(1, rowBytes))) / 2),
                        rowGroupRows + props.getMaxRowCountForPageSizeCheck());
            }
        }
    }

    private void nextRowGroup() throws IOException {
        long rows = rowGroupRows;
        flushRowGroup();
        startRowGroup();
        rowsForNextSizeCheck = min(max(props.getMinRowCountForPageSizeCheck(), rows / 2), props.getMaxRowCountForPageSizeCheck());
        lastRowGroupEnd = file.getPos();
    }

    private void flushRowGroup() throws IOException {
        try {
            if (rowGroupRows > 0) {
                file.startBlock(rowGroupRows);
                columnStore.flush();
                pageStore.flushToFileWriter(file);
                file.endBlock();
                nextRowGroupBytes = min(file.getNextRowGroupSize(), rowGroupBytes);
            }
        } finally {
            columnStore.close();
            pageStore.close();
        }
    }

    /** Bytes written plus bytes buffered for the current row group. */
    long dataSize() {
        return lastRowGroupEnd + columnStore.getBufferedSize();
    }

    /** Writes the last row group and the footer. */
    void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushRowGroup();
            file.end(Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, OBJECT_MODEL));
        } catch (IOException | RuntimeException e) {
            file.abort();
            throw e;
        }
    }
}

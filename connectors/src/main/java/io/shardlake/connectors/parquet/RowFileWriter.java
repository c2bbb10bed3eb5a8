package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/** One open Parquet file: parquet-java's column writers configured without Hadoop, plus the file's row count. */
final class RowFileWriter {

    // getDataSize() walks every column, so the size is checked every few rows, not every row;
    // a file overshoots its target by at most this many rows.
    private static final int SIZE_CHECK_INTERVAL = 64;

    private final String partition;
    private final RowWriters rowWriters;
    private final LocalParquetFile file;
    private final ColumnarParquetWriter writer;
    private final RowBatch held;
    private long rows;
    private int untilSizeCheck = SIZE_CHECK_INTERVAL;
    private long lastWrittenAt;

    private RowFileWriter(String partition, RowWriters rowWriters, LocalParquetFile file, ColumnarParquetWriter writer,
                          long targetFileBytes, ByteBufferAllocator buffers) {
        this.partition = partition;
        this.held = new RowBatch(targetFileBytes, buffers);
        this.rowWriters = rowWriters;
        this.file = file;
        this.writer = writer;
    }

    /**
     * Creates the file (it must not exist) and writes its header.
     *
     * @param dictionary per column of {@code schema}, whether to dictionary-encode it
     * @param buffers    the page and chunk buffers' allocator, of the writer's thread
     */
    static RowFileWriter create(String partition, Path path, RowSchema schema, MessageType messageType,
            RowWriters rowWriters, ParquetOptions options, boolean[] dictionary, CompressionCodecFactory codecs,
            ByteBufferAllocator buffers) throws IOException {
        LocalParquetFile file = new LocalParquetFile(path);
        try {
            ParquetProperties.Builder properties = ParquetProperties.builder()
                    // v1 data pages: the format every Athena engine version and Redshift Spectrum read
                    .withWriterVersion(WriterVersion.PARQUET_1_0)
                    // size statistics (histograms) cost CPU per value and no reader we target uses them
                    .withSizeStatisticsEnabled(false)
                    .withAllocator(buffers);
            for (int i = 0; i < schema.size(); i++) {
                Column column = schema.column(i);
                properties.withDictionaryEncoding(column.name(), dictionary[i]);
                if (column.type().kind() == ColumnType.Kind.JSON) {
                    // min/max of JSON text never prunes a query, and comparing long payloads that
                    // share a prefix cost ~7% of write CPU in a profile.
                    properties.withStatisticsEnabled(column.name(), false);
                }
            }
            ColumnarParquetWriter writer = new ColumnarParquetWriter(file, ParquetFileWriter.Mode.CREATE, messageType,
                    properties.build(), codecs.getCompressor(options.compression().codecName()), options.rowGroupBytes());
            return new RowFileWriter(partition, rowWriters, file, writer, options.targetFileBytes(), buffers);
        } catch (IOException | RuntimeException e) {
            file.closeQuietly();
            if (file.created()) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }

    /**
     * Holds the row for this file's next run ({@link RowBatch}); true once the run should be
     * written ({@link #writeHeld}).
     *
     * @throws InvalidRowException when the row does not fit; nothing is held then
     */
    boolean hold(Object[] row) {
        // Checked here, outside parquet-java: an exception inside its write() poisons the file.
        rowWriters.check(row);
        return held.add(rowWriters, row);
    }

    /** Writes the held rows, in the order they came. */
    void writeHeld() throws IOException {
        for (int i = 0; i < held.rows(); i++) {
            try {
                rowWriters.writeSpilled(writer, held.buffer(), held.start(i), held.end(i));
            } catch (CorruptSpillException e) {
                throw new IllegalStateException("a held row could not be read back: " + e.getMessage(), e);
            }
        }
        rows += held.rows();
        held.clear();
    }

    /** Bytes of the rows held for the next run. */
    long heldBytes() {
        return held.bytes();
    }

    /** Writes a row spilled by {@link SpillFile.Writer} with this schema's writers, from {@code b[start, end)}. */
    void writeSpilled(byte[] b, int start, int end) throws IOException {
        rowWriters.writeSpilled(writer, b, start, end);
        rows++;
    }

    /** Whether the file has passed {@code targetBytes}; cheap except every few calls. */
    boolean reached(long targetBytes) {
        if (--untilSizeCheck > 0) {
            return false;
        }
        untilSizeCheck = SIZE_CHECK_INTERVAL;
        return writer.dataSize() >= targetBytes;
    }

    /** Bytes written plus bytes buffered for the current row group. */
    long dataSize() {
        return writer.dataSize();
    }

    long rows() {
        return rows;
    }

    /** Records the owner's row sequence number of the row just written. */
    void writtenAt(long seq) {
        lastWrittenAt = seq;
    }

    /** The owner's row sequence number of the last row written ({@link #writtenAt}). */
    long lastWrittenAt() {
        return lastWrittenAt;
    }

    Path path() {
        return file.path();
    }

    /** Writes the held rows and the footer, and closes the file. */
    WrittenFile close() throws IOException {
        writeHeld();
        held.release();
        writer.close();
        Path path = file.path();
        return new WrittenFile(partition, path.getFileName().toString(), path, rows, Files.size(path));
    }

    /** Closes the stream without a footer; the caller deletes the file. */
    void abort() {
        held.release();
        file.closeQuietly();
    }
}

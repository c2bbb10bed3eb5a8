package io.shardlake.connectors.parquet;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * parquet-java's writer builder for {@code Object[]} rows. Callers must set a
 * {@code PlainParquetConfiguration} and a codec factory: the builder's defaults would create
 * Hadoop objects.
 */
final class RowParquetWriterBuilder extends ParquetWriter.Builder<Object[], RowParquetWriterBuilder> {

    private final MessageType schema;
    private final RowWriters rowWriters;

    RowParquetWriterBuilder(OutputFile file, MessageType schema, RowWriters rowWriters) {
        super(file);
        this.schema = schema;
        this.rowWriters = rowWriters;
    }

    @Override
    protected RowParquetWriterBuilder self() {
        return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
        return new RowWriteSupport(schema, rowWriters);
    }

    /** Required by the abstract builder; the Hadoop type in the signature is never loaded at run time. */
    @Override
    @Deprecated
    protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
        return new RowWriteSupport(schema, rowWriters);
    }
}

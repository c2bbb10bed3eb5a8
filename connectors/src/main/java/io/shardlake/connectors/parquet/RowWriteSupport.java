package io.shardlake.connectors.parquet;

import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@code Object[]} rows straight to parquet-java's {@link RecordConsumer}: no Avro, no
 * Group objects. Rows must already have passed {@link RowWriters#check}: parquet-java marks its
 * writer aborted after any exception thrown from here, so rejection has to happen before.
 * One instance per file (it holds that file's consumer).
 */
final class RowWriteSupport extends WriteSupport<Object[]> {

    private final MessageType schema;
    private final RowWriters rowWriters;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema, RowWriters rowWriters) {
        this.schema = schema;
        this.rowWriters = rowWriters;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
    }

    /** Required by the abstract class; never called because we always pass a ParquetConfiguration. */
    @Override
    @Deprecated
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public String getName() {
        return "shardlake";
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        rowWriters.write(consumer, row);
    }
}

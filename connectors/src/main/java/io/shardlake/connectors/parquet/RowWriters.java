package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.RowSchema;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * A {@link RowSchema} compiled once into one {@link ColumnWriter} per column. Stateless, so one
 * instance serves every file written with the schema.
 */
final class RowWriters {

    private final String[] names;
    private final ColumnWriter[] writers;

    RowWriters(RowSchema schema) {
        int n = schema.size();
        names = new String[n];
        writers = new ColumnWriter[n];
        for (int i = 0; i < n; i++) {
            names[i] = schema.column(i).name();
            writers[i] = ColumnWriters.forColumn(schema.column(i));
        }
    }

    /** @throws InvalidRowException when any value cannot be written; nothing has been written then */
    void check(Object[] row) {
        if (row.length != writers.length) {
            throw new InvalidRowException("row has " + row.length + " values but the schema has "
                    + writers.length + " columns");
        }
        for (int i = 0; i < writers.length; i++) {
            Object value = row[i];
            if (value != null) {
                writers[i].check(value);
            }
        }
    }

    /** Writes a row that passed {@link #check}; nulls are simply not written (all columns are OPTIONAL). */
    void write(RecordConsumer consumer, Object[] row) {
        consumer.startMessage();
        for (int i = 0; i < writers.length; i++) {
            Object value = row[i];
            if (value != null) {
                consumer.startField(names[i], i);
                writers[i].write(consumer, value);
                consumer.endField(names[i], i);
            }
        }
        consumer.endMessage();
    }
}

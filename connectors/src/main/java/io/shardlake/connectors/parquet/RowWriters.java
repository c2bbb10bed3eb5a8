package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.RowSchema;
import java.io.IOException;

/**
 * A {@link RowSchema} compiled once into one {@link ColumnWriter} per column. Stateless, so one
 * instance serves every file written with the schema.
 */
final class RowWriters {

    private final ColumnWriter[] writers;

    RowWriters(RowSchema schema) {
        int n = schema.size();
        writers = new ColumnWriter[n];
        for (int i = 0; i < n; i++) {
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

    /** Writes a row that passed {@link #check}, every column: a null as a null. */
    void write(ColumnarParquetWriter file, Object[] row) throws IOException {
        for (int i = 0; i < writers.length; i++) {
            Object value = row[i];
            if (value != null) {
                writers[i].write(file.column(i), value);
            } else {
                file.column(i).writeNull(0, 0);
            }
        }
        file.endRow();
    }
}

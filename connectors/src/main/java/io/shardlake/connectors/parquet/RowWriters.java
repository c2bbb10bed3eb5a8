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

    /** Tag before each column's value in a spilled row: null, or a value follows. */
    private static final byte SPILLED_NULL = 0;
    private static final byte SPILLED_VALUE = 1;

    /**
     * Encodes a row that passed {@link #check} at {@code b[p]}: per column a tag byte, then the
     * column's spilled value ({@link ColumnWriter#spill}). Returns the position after it, or -1 when
     * it does not fit in {@code b}.
     */
    int spill(Object[] row, byte[] b, int p) {
        for (int i = 0; i < writers.length; i++) {
            if (p >= b.length) {
                return -1;
            }
            Object value = row[i];
            if (value == null) {
                b[p++] = SPILLED_NULL;
                continue;
            }
            b[p++] = SPILLED_VALUE;
            p = writers[i].spill(value, b, p);
            if (p < 0) {
                return -1;
            }
        }
        return p;
    }

    /** An upper bound of the bytes {@link #spill} takes for the row. */
    long spillBound(Object[] row) {
        long bound = writers.length;
        for (int i = 0; i < writers.length; i++) {
            if (row[i] != null) {
                bound += writers[i].spillBound(row[i]);
            }
        }
        return bound;
    }

    /**
     * Writes the row {@link #spill} encoded in {@code b[p, end)}.
     *
     * @throws CorruptSpillException when the bytes are not such a row; the file is then unusable,
     *                               as part of the row may be written
     * @throws IOException           when the file cannot be written
     */
    void writeSpilled(ColumnarParquetWriter file, byte[] b, int p, int end) throws IOException {
        for (int i = 0; i < writers.length; i++) {
            if (p >= end) {
                throw ColumnWriter.runsPastItsRow();
            }
            byte tag = b[p++];
            if (tag == SPILLED_NULL) {
                file.column(i).writeNull(0, 0);
            } else if (tag == SPILLED_VALUE) {
                p = writers[i].writeSpilled(file.column(i), b, p, end);
            } else {
                throw new CorruptSpillException("tag " + tag + " in column " + i);
            }
        }
        if (p != end) {
            throw new CorruptSpillException("the row holds " + (end - p) + " bytes more than its values");
        }
        file.endRow();
    }
}

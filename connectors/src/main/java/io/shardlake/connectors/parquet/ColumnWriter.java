package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.Column;

/**
 * Checks and writes the non-null values of one column. Built once per column by
 * {@link ColumnWriters} so the per-row path has no type switch and no allocation beyond what
 * parquet-java's API needs (a {@code Binary} per string).
 */
abstract class ColumnWriter {

    final Column column;

    ColumnWriter(Column column) {
        this.column = column;
    }

    /** @throws InvalidRowException when the value cannot be written in this column */
    abstract void check(Object value);

    /** Adds a value that passed {@link #check}. */
    abstract void write(org.apache.parquet.column.ColumnWriter out, Object value);

    InvalidRowException outOfRange(Object value) {
        return new InvalidRowException("column '" + column.name() + "' (" + column.type() + ") cannot hold " + value);
    }

    InvalidRowException wrongType(Object value, String expected) {
        return new InvalidRowException("column '" + column.name() + "' (" + column.type() + ") takes " + expected
                + ", not " + value.getClass().getName());
    }
}

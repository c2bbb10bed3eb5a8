package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.Column;

/**
 * Checks the non-null values of one column and owns their spilled form: the Parquet value itself
 * (epoch milliseconds, an unscaled long, the UTF-8 bytes), which it writes to the column's pages.
 * Every row reaches its file in that form, held in memory for a run ({@link RowBatch}) or parked in
 * a spill file ({@link SpillFile}), so a row never becomes objects again. Built once per column by
 * {@link ColumnWriters} so the per-row path has no type switch.
 */
abstract class ColumnWriter {

    final Column column;

    ColumnWriter(Column column) {
        this.column = column;
    }

    /** @throws InvalidRowException when the value cannot be written in this column */
    abstract void check(Object value);

    /**
     * Encodes a value that passed {@link #check} at {@code b[p]}; returns the position after it, or
     * -1 when it does not fit in {@code b}.
     */
    abstract int spill(Object value, byte[] b, int p);

    /** An upper bound of the bytes {@link #spill} takes for the value. */
    abstract long spillBound(Object value);

    /**
     * Adds the value {@link #spill} encoded at {@code b[p]}, in a row that ends at {@code end};
     * returns the position after it.
     *
     * @throws CorruptSpillException when the value runs past {@code end}
     */
    abstract int writeSpilled(org.apache.parquet.column.ColumnWriter out, byte[] b, int p, int end) throws CorruptSpillException;

    InvalidRowException outOfRange(Object value) {
        return new InvalidRowException("column '" + column.name() + "' (" + column.type() + ") cannot hold " + value);
    }

    InvalidRowException wrongType(Object value, String expected) {
        return new InvalidRowException("column '" + column.name() + "' (" + column.type() + ") takes " + expected
                + ", not " + value.getClass().getName());
    }

    static CorruptSpillException runsPastItsRow() {
        return new CorruptSpillException("a value runs past its row");
    }
}

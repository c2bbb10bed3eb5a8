package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How Parquet files are written.
 *
 * <ul>
 *   <li>{@code compression}: page codec, {@link Compression#SNAPPY} by default.</li>
 *   <li>{@code targetFileBytes}: a file is closed and the next one started once its written size
 *       passes this (128 MiB by default; files overshoot by a few rows at most).</li>
 *   <li>{@code rowGroupBytes}: row group size, 32 MiB by default and never more than
 *       {@code targetFileBytes}. parquet-java buffers a whole row group (compressed pages) in heap
 *       per open file, so the heap bound is roughly {@code maxOpenFiles × rowGroupBytes} per
 *       writer; 32 MiB keeps a service with a few concurrent writers inside a 512 MiB heap while
 *       row groups stay large enough for Athena's scans.</li>
 *   <li>{@code maxOpenFiles}: partitions with an open file at once (8 by default). Each open file
 *       costs ~1.4 MB of heap even when empty. Beyond this, the least recently written file is
 *       closed if it is cold, else the new partition's rows are spilled to local disk and written
 *       at the end (see {@link PartitionedParquetWriter}).</li>
 *   <li>{@code dictionaryOverrides}: column name to dictionary encoding on/off, overriding the
 *       choice from the sample (see {@link #dictionaryEncoding(Column, int, int)}).</li>
 * </ul>
 */
public record ParquetOptions(
        Compression compression,
        long targetFileBytes,
        long rowGroupBytes,
        int maxOpenFiles,
        Map<String, Boolean> dictionaryOverrides) {

    public static final long DEFAULT_TARGET_FILE_BYTES = 128L * 1024 * 1024;
    public static final long DEFAULT_ROW_GROUP_BYTES = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_OPEN_FILES = 8;

    public ParquetOptions {
        Objects.requireNonNull(compression, "compression");
        if (targetFileBytes <= 0) {
            throw new IllegalArgumentException("targetFileBytes must be positive, was " + targetFileBytes);
        }
        if (rowGroupBytes <= 0) {
            throw new IllegalArgumentException("rowGroupBytes must be positive, was " + rowGroupBytes);
        }
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, was " + maxOpenFiles);
        }
        // A row group larger than the file would only hold more rows in heap before the first flush.
        rowGroupBytes = Math.min(rowGroupBytes, targetFileBytes);
        dictionaryOverrides = Map.copyOf(Objects.requireNonNull(dictionaryOverrides, "dictionaryOverrides"));
    }

    public static ParquetOptions defaults() {
        return new ParquetOptions(Compression.DEFAULT, DEFAULT_TARGET_FILE_BYTES, DEFAULT_ROW_GROUP_BYTES,
                DEFAULT_MAX_OPEN_FILES, Map.of());
    }

    public ParquetOptions withCompression(Compression value) {
        return new ParquetOptions(value, targetFileBytes, rowGroupBytes, maxOpenFiles, dictionaryOverrides);
    }

    /** Sets the target file size; the row group size is capped to it. */
    public ParquetOptions withTargetFileBytes(long value) {
        return new ParquetOptions(compression, value, rowGroupBytes, maxOpenFiles, dictionaryOverrides);
    }

    public ParquetOptions withRowGroupBytes(long value) {
        return new ParquetOptions(compression, targetFileBytes, value, maxOpenFiles, dictionaryOverrides);
    }

    public ParquetOptions withMaxOpenFiles(int value) {
        return new ParquetOptions(compression, targetFileBytes, rowGroupBytes, value, dictionaryOverrides);
    }

    public ParquetOptions withDictionaryOverrides(Map<String, Boolean> value) {
        return new ParquetOptions(compression, targetFileBytes, rowGroupBytes, maxOpenFiles, value);
    }

    /**
     * Fewest non-null values of a column a writer's sample must hold for their distinct ratio to
     * decide; below it the type's default applies. A ratio over a handful of values is noise, and
     * files that small gain or lose little either way.
     */
    public static final int MIN_SAMPLED_VALUES = 64;

    /**
     * Dictionary encoding by type, used when a writer's sample holds too few values of a column
     * to judge: on for string, boolean, date and int, where values usually repeat; off for json,
     * bigint, double, decimal and timestamp, which are mostly unique (ids, amounts, instants,
     * payloads). (parquet-java bit-packs booleans and never builds a dictionary for them; "on" is
     * harmless.)
     */
    public static boolean dictionaryByDefault(ColumnType type) {
        return switch (type.kind()) {
            case STRING, BOOLEAN, DATE, INT -> true;
            case JSON, BIGINT, DOUBLE, DECIMAL, TIMESTAMP -> false;
        };
    }

    /**
     * Whether {@code column} is dictionary encoded, given {@code sampledValues} non-null values of
     * it in a writer's first rows, {@code distinctValues} of them distinct. In order: its override
     * if any; the type's default when fewer than {@link #MIN_SAMPLED_VALUES} values were sampled;
     * else on only when at most one value in ten is distinct, whatever the type.
     *
     * <p>Dictionaries on unique or high-cardinality columns cost CPU and heap and then fall back to
     * plain encoding anyway (measured: 121k to 173k rows/s and half the live heap with them off,
     * same file size); the type alone cannot tell a status column from free text or a JSON payload
     * mapped as a string.
     */
    public boolean dictionaryEncoding(Column column, int sampledValues, int distinctValues) {
        Boolean override = dictionaryOverrides.get(column.name());
        if (override != null) {
            return override;
        }
        if (sampledValues < MIN_SAMPLED_VALUES) {
            return dictionaryByDefault(column.type());
        }
        // One distinct value in ten at most: each value then repeats ten times on average and the
        // dictionary holds a tenth of the column's bytes or less. A sample undercounts distinct
        // values (a row group meets new ones for hundreds of thousands of rows), so only columns
        // that already repeat this heavily (status, country, flags, small counts, constant audit
        // columns; a uniform column with up to ~100 values) keep a dictionary worth having; ids,
        // amounts, timestamps, notes and payloads sample near 1. Erring towards plain costs little
        // (same file size, measured); erring the other way is bounded, since parquet-java falls back
        // to plain in a column chunk whose dictionary passes 1 MiB or does not shrink its first page.
        return (long) distinctValues * 10 <= sampledValues;
    }

    /**
     * Checks that these options fit {@code schema}.
     *
     * @throws IllegalArgumentException naming overrides for columns the schema does not have
     */
    public void validateFor(RowSchema schema) {
        TreeSet<String> unknown = new TreeSet<>();
        for (String name : dictionaryOverrides.keySet()) {
            if (!schema.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("dictionary overrides name columns not in the schema: " + unknown);
        }
    }
}

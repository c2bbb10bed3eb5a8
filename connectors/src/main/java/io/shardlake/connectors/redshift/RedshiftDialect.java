package io.shardlake.connectors.redshift;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that differs between Amazon Redshift and the database a test runs on. Everything else
 * the sink sends (the merge, ALTER TABLE, information_schema reads) is the same text for both.
 *
 * <p>{@link Redshift} is the production dialect; tests use a PostgreSQL one that delegates to it
 * for every statement PostgreSQL accepts as written, so the tested statements are the real ones.
 */
public interface RedshiftDialect {

    /** Longest identifier the database keeps; longer names are refused rather than truncated. */
    int maxIdentifierLength();

    /** The column type of the target table for a schema type, as {@code information_schema} spells it back. */
    String columnType(ColumnType type);

    /**
     * What follows the column list of the target's {@code CREATE TABLE}, such as distribution and
     * sort keys; empty for none.
     *
     * @param quotedKeyColumns         the primary key columns, quoted, in key order
     * @param quotedDistributionColumn the key column rows are distributed on, quoted
     */
    String tableAttributes(List<String> quotedKeyColumns, String quotedDistributionColumn);

    /** {@link #tableAttributes(List, String)} of {@code target}. */
    default String tableAttributes(RedshiftTarget target) {
        return tableAttributes(target.keyColumns().stream().map(RedshiftIdentifiers::quote).toList(),
                RedshiftIdentifiers.quote(target.distributionColumn()));
    }

    /**
     * The column list of a table holding {@code target}'s schema: every column in schema order (the
     * order of the run's Parquet files), typed by {@link #columnType}, key columns NOT NULL.
     */
    default String columnDefinitions(RedshiftTarget target) {
        return target.schema().columns().stream().map(column -> columnDefinition(target, column))
                .collect(Collectors.joining(", "));
    }

    private String columnDefinition(RedshiftTarget target, Column column) {
        String name = RedshiftIdentifiers.requireFits(column.name(), "column", maxIdentifierLength());
        return RedshiftIdentifiers.quote(name) + " " + columnType(column.type())
                + (target.keyColumns().contains(column.name()) ? " NOT NULL" : "");
    }

    /**
     * Creates the session's staging table (gone at session end) with the columns of the run's files in
     * file order, not {@code LIKE} the target: COPY of Parquet maps columns by position, and a column the
     * pipeline gained sits before the audit columns in the files but at the end of the target. The merge
     * moves rows to the target by column name. Distribution and sort keys are the target's, so the
     * merge's join stays local to each slice.
     */
    default String createStagingTable(String quotedStaging, RedshiftTarget target) {
        String attributes = tableAttributes(target);
        return "CREATE TEMP TABLE " + quotedStaging + " (" + columnDefinitions(target) + ")"
                + (attributes.isEmpty() ? "" : " " + attributes);
    }

    /** Loads the Parquet files a manifest lists into {@code quotedTable}, read with {@code iamRoleArn}. */
    String copyParquetFromManifest(String quotedTable, String manifestUri, String iamRoleArn);
}

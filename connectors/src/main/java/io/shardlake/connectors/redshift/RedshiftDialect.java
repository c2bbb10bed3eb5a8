package io.shardlake.connectors.redshift;

import io.shardlake.transforms.schema.ColumnType;
import java.util.List;

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
     * @param quotedKeyColumns the primary key columns, quoted, in key order
     */
    String tableAttributes(List<String> quotedKeyColumns);

    /** Creates the session's staging table with the target's columns (and keys); gone at session end. */
    String createStagingTable(String quotedStaging, String quotedTarget);

    /** Loads the Parquet files a manifest lists into {@code quotedTable}, read with {@code iamRoleArn}. */
    String copyParquetFromManifest(String quotedTable, String manifestUri, String iamRoleArn);
}

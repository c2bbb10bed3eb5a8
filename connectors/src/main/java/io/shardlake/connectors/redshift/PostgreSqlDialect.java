package io.shardlake.connectors.redshift;

import io.shardlake.transforms.schema.ColumnType;
import java.util.List;

/**
 * The sink's statements for a PostgreSQL target (a development setup, and the tests, which run
 * the real SQL path on PostgreSQL because Amazon's Redshift driver refuses plain PostgreSQL).
 * Every statement is {@link Redshift}'s own text except the two PostgreSQL does not know:
 * DISTSTYLE/DISTKEY/SORTKEY (left out), and identifiers past 63 characters (PostgreSQL would
 * truncate them silently, so they are refused). COPY from S3 is passed through unchanged:
 * PostgreSQL rejects it, so a PostgreSQL target loads in batched-insert mode.
 */
public final class PostgreSqlDialect implements RedshiftDialect {

    private static final int POSTGRES_MAX_IDENTIFIER_LENGTH = 63;

    private final Redshift redshift = new Redshift();

    @Override
    public int maxIdentifierLength() {
        return POSTGRES_MAX_IDENTIFIER_LENGTH;
    }

    @Override
    public String columnType(ColumnType type) {
        return redshift.columnType(type);
    }

    @Override
    public String tableAttributes(List<String> quotedKeyColumns, String quotedDistributionColumn) {
        return "";
    }

    @Override
    public String copyParquetFromManifest(String quotedTable, String manifestUri, String iamRoleArn) {
        return redshift.copyParquetFromManifest(quotedTable, manifestUri, iamRoleArn);
    }
}

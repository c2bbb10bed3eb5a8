package io.shardlake.connectors.redshift;

import io.shardlake.transforms.schema.ColumnType;
import java.util.List;

/**
 * The Redshift dialect as PostgreSQL 15 can run it, for tests. Every statement is {@link Redshift}'s
 * own text (the staging table is the interface's shared statement), except the two PostgreSQL does not know: DISTSTYLE/DISTKEY/SORTKEY (left out), and
 * identifiers past 63 characters (PostgreSQL would truncate them silently, so they are refused).
 * COPY from S3 is passed through unchanged: PostgreSQL rejects it, as a test of a failing COPY wants.
 */
public final class PostgresForTests implements RedshiftDialect {

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
    public String tableAttributes(List<String> quotedKeyColumns) {
        return "";
    }

    @Override
    public String copyParquetFromManifest(String quotedTable, String manifestUri, String iamRoleArn) {
        return redshift.copyParquetFromManifest(quotedTable, manifestUri, iamRoleArn);
    }
}

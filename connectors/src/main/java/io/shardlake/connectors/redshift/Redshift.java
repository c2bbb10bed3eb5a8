package io.shardlake.connectors.redshift;

import io.shardlake.transforms.schema.ColumnType;
import java.util.List;

/**
 * Amazon Redshift's SQL.
 *
 * <p>Types: string and json VARCHAR(65535) (Redshift's widest; json stays text, because COPY of a
 * Parquet string into SUPER stores a string scalar, not a parsed document: use
 * {@code JSON_PARSE(col)} when querying), bigint BIGINT, int INTEGER, double DOUBLE PRECISION,
 * boolean BOOLEAN, timestamp TIMESTAMP (UTC wall time: Parquet holds UTC-adjusted instants),
 * date DATE, decimal(p,s) DECIMAL(p,s). Distribution on the first key column and a compound sort
 * key on the key make the merge's delete-join local to each slice; the staging table has the same
 * keys (its columns follow the run's files, see {@link RedshiftDialect#createStagingTable}).
 */
public final class Redshift implements RedshiftDialect {

    /** Redshift keeps identifiers of up to 127 bytes. */
    public static final int MAX_IDENTIFIER_LENGTH = 127;
    /** Redshift's widest VARCHAR, in bytes. */
    public static final int MAX_VARCHAR = 65535;

    @Override
    public int maxIdentifierLength() {
        return MAX_IDENTIFIER_LENGTH;
    }

    @Override
    public String columnType(ColumnType type) {
        return switch (type.kind()) {
            case STRING, JSON -> "VARCHAR(" + MAX_VARCHAR + ")";
            case BIGINT -> "BIGINT";
            case INT -> "INTEGER";
            case DOUBLE -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP";
            case DATE -> "DATE";
            case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
        };
    }

    @Override
    public String tableAttributes(List<String> quotedKeyColumns, String quotedDistributionColumn) {
        return "DISTSTYLE KEY DISTKEY(" + quotedDistributionColumn + ") COMPOUND SORTKEY("
                + String.join(", ", quotedKeyColumns) + ")";
    }

    @Override
    public String copyParquetFromManifest(String quotedTable, String manifestUri, String iamRoleArn) {
        return "COPY " + quotedTable + " FROM " + literal(manifestUri) + " IAM_ROLE " + literal(iamRoleArn)
                + " FORMAT AS PARQUET MANIFEST";
    }

    /** A SQL string literal; quotes are doubled, so no value can end the literal early. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

package io.shardlake.engine.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The few differences between the metadata databases (H2, MariaDB/MySQL, PostgreSQL), handed
 * to Flyway as placeholders so one set of migrations serves all three.
 */
public enum MetadataDialect {
    H2("BLOB"),
    MYSQL("LONGBLOB"),
    POSTGRESQL("BYTEA");

    private final String blobType;

    MetadataDialect(String blobType) {
        this.blobType = blobType;
    }

    public Map<String, String> flywayPlaceholders() {
        return Map.of("blob_type", blobType);
    }

    public static MetadataDialect of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return of(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the metadata database: " + e.getMessage(), e);
        }
    }

    public static MetadataDialect of(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException("unsupported metadata database '" + productName + "'; use H2, MariaDB/MySQL or PostgreSQL");
    }
}

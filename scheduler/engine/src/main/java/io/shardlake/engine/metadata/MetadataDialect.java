package io.shardlake.engine.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The few differences between the metadata databases (H2, MariaDB/MySQL, PostgreSQL), handed
 * to Flyway as placeholders so one set of migrations serves all three, and the Quartz driver
 * delegate that reads and writes the Quartz tables of {@code V3__quartz_tables.sql} there.
 */
public enum MetadataDialect {
    // Quartz has no H2 delegate; its tables_h2.sql names StdJDBCDelegate, which reads H2 BLOBs.
    H2("BLOB", "BOOLEAN", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
    // VARCHAR(1) flags as in Quartz's tables_mysql_innodb.sql; StdJDBCDelegate binds them with setBoolean.
    MYSQL("LONGBLOB", "VARCHAR(1)", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
    // PostgreSQLDelegate reads BYTEA with getBytes; StdJDBCDelegate reads blobs as large objects
    // (getBlob) and fails on BYTEA with "Bad value for type long".
    POSTGRESQL("BYTEA", "BOOLEAN", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");

    private final String blobType;
    private final String boolType;
    private final String quartzDriverDelegateClass;

    MetadataDialect(String blobType, String boolType, String quartzDriverDelegateClass) {
        this.blobType = blobType;
        this.boolType = boolType;
        this.quartzDriverDelegateClass = quartzDriverDelegateClass;
    }

    public Map<String, String> flywayPlaceholders() {
        return Map.of("blob_type", blobType, "bool_type", boolType);
    }

    /**
     * The value for {@code org.quartz.jobStore.driverDelegateClass} on this database (a class name,
     * so the engine need not depend on Quartz).
     */
    public String quartzDriverDelegateClass() {
        return quartzDriverDelegateClass;
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

package io.shardlake.app.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The demo source tables ({@code orders}, {@code form_submissions}, {@code customers}), defined once in
 * {@value #RESOURCE} for H2 in MySQL mode, MariaDB 10.11 and MySQL 8.0 alike.
 */
public final class DemoSchema {

    /** Classpath resource of the DDL; docker-compose applies the same file to its MySQL shards. */
    public static final String RESOURCE = "demo/schema.sql";

    public static final List<String> TABLES = List.of("orders", "form_submissions", "customers");

    private DemoSchema() {
    }

    /** Creates the tables that do not exist yet. */
    public static void applyTo(Connection connection) throws SQLException {
        SqlScript.fromClasspath(RESOURCE).runOn(connection);
    }
}

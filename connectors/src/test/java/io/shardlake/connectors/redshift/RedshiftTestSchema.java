package io.shardlake.connectors.redshift;

import io.shardlake.connectors.testing.Jdbc;
import io.shardlake.connectors.testing.PostgresServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a fresh PostgreSQL schema {@code redshift_<random>} in the {@code postgres}
 * database for each test, dropped with everything in it afterwards. The server is the shared test
 * PostgreSQL ({@link PostgresServer}): a missing server fails the test loudly, never skips it.
 */
final class RedshiftTestSchema implements BeforeEachCallback, AfterEachCallback {

    private static final String DATABASE = "postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    private String name;

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        name = "redshift_" + Long.toString(Math.abs(RANDOM.nextLong() % 2_000_000_000L), 36);
        execute("CREATE SCHEMA " + name);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (name != null) {
            execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    String name() {
        return name;
    }

    /** Unpooled, so nothing is left connected when the schema is dropped. */
    DataSource dataSource() {
        return PostgresServer.shared().dataSource(DATABASE);
    }

    Connection connection() throws SQLException {
        return PostgresServer.shared().connect(DATABASE);
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = connection()) {
            Jdbc.execute(connection, sql);
        }
    }

    /** Each row's columns as the driver's text joined with '|', nulls as "null". */
    List<String> rows(String sql) throws SQLException {
        try (Connection connection = connection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            int n = rows.getMetaData().getColumnCount();
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : "|").append(rows.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        }
    }
}

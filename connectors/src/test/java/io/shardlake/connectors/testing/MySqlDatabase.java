package io.shardlake.connectors.testing;

/**
 * JUnit extension: one fresh MySQL-compatible database per test class (the local MariaDB, or
 * Testcontainers MySQL 8.0; see {@link MySqlServer}), e.g. for the metadata schema.
 *
 * <pre>{@code
 * @RegisterExtension
 * static MySqlDatabase metadata = MySqlDatabase.create();
 * }</pre>
 */
public final class MySqlDatabase extends SingleDatabase {

    private MySqlDatabase() {
        super(MySqlServer.shared());
    }

    public static MySqlDatabase create() {
        return new MySqlDatabase();
    }
}

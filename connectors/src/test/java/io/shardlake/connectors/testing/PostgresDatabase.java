package io.shardlake.connectors.testing;

/**
 * JUnit extension: one fresh PostgreSQL database per test class (the local server, or
 * Testcontainers PostgreSQL 15; see {@link PostgresServer}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static PostgresDatabase metadata = PostgresDatabase.create();
 * }</pre>
 */
public final class PostgresDatabase extends SingleDatabase {

    private PostgresDatabase() {
        super(PostgresServer.shared());
    }

    public static PostgresDatabase create() {
        return new PostgresDatabase();
    }
}

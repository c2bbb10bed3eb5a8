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

    private PostgresDatabase(String area) {
        super(PostgresServer.shared(), area);
    }

    public static PostgresDatabase create() {
        return new PostgresDatabase(null);
    }

    /** A database named {@code sl_<area>_<random>}: the part of the project that owns it shows in its name. */
    public static PostgresDatabase create(String area) {
        return new PostgresDatabase(area);
    }
}

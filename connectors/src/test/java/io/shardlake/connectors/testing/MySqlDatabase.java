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

    private MySqlDatabase(String area) {
        super(MySqlServer.shared(), area);
    }

    public static MySqlDatabase create() {
        return new MySqlDatabase(null);
    }

    /** A database named {@code sl_<area>_<random>}: the part of the project that owns it shows in its name. */
    public static MySqlDatabase create(String area) {
        return new MySqlDatabase(area);
    }
}

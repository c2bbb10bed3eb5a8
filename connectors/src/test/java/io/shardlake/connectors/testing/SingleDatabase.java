package io.shardlake.connectors.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** JUnit extension base: one fresh database for one test class (see {@link ClassScopedDatabases}). */
public abstract class SingleDatabase extends ClassScopedDatabases {

    protected SingleDatabase(TestDatabaseServer server) {
        this(server, null);
    }

    protected SingleDatabase(TestDatabaseServer server, String area) {
        super(server, List.of(""), area);
    }

    public final String databaseName() {
        return databaseNames().get(0);
    }

    public final String jdbcUrl() {
        return jdbcUrl(0);
    }

    public final DataSource dataSource() {
        return dataSource(0);
    }

    public final Connection connection() throws SQLException {
        return connection(0);
    }

    public final void execute(String sql) throws SQLException {
        execute(0, sql);
    }
}

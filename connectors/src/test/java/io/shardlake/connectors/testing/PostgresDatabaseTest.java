package io.shardlake.connectors.testing;

import static io.shardlake.connectors.testing.Jdbc.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDatabaseTest extends SingleDatabaseContract {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create();

    @Test
    void createsAUtf8DatabaseNamedAfterTheClass() throws SQLException {
        assertThat(database.databaseName()).matches("sl_pdt_[a-z0-9]{6}");
        try (Connection connection = database.connection()) {
            assertThat(queryString(connection, "SELECT current_database()")).isEqualTo(database.databaseName());
            assertThat(queryString(connection, "SHOW server_encoding")).isEqualTo("UTF8");
        }
    }

    @Override
    PostgresDatabase database() {
        return database;
    }
}

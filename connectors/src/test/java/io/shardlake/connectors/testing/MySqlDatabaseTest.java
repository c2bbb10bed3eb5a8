package io.shardlake.connectors.testing;

import static io.shardlake.connectors.testing.Jdbc.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MySqlDatabaseTest extends SingleDatabaseContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create();

    @Test
    void createsAUtf8mb4DatabaseNamedAfterTheClass() throws SQLException {
        assertThat(database.databaseName()).matches("sl_msdt_[a-z0-9]{6}");
        try (Connection connection = database.connection()) {
            assertThat(queryString(connection, "SELECT DATABASE()")).isEqualTo(database.databaseName());
            assertThat(queryString(connection, "SELECT @@character_set_database")).isEqualTo("utf8mb4");
        }
    }

    @Override
    MySqlDatabase database() {
        return database;
    }
}

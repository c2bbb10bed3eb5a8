package io.shardlake.connectors.testing;

import static io.shardlake.connectors.testing.Jdbc.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What every single-database extension gives a test, whatever the server. */
abstract class SingleDatabaseContract {

    abstract SingleDatabase database();

    @Test
    void urlAndDataSourceReachTheDatabaseWithTheGivenCredentials() throws SQLException {
        SingleDatabase database = database();
        database.execute("CREATE TABLE marker (id INT PRIMARY KEY)");
        try (Connection byUrl = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Connection byDataSource = database.dataSource().getConnection()) {
            assertThat(queryString(byUrl, "SELECT COUNT(*) FROM marker")).isEqualTo("0");
            assertThat(queryString(byDataSource, "SELECT COUNT(*) FROM marker")).isEqualTo("0");
        }
    }
}

package io.shardlake.engine.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link BulkReadRacesContract} on an H2 shard of the built-in demo's kind (in memory, MySQL mode). */
class BulkReadRacesH2Test extends BulkReadRacesContract {

    private static final String URL = "jdbc:h2:mem:bulk_read_races;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    private static Connection keepAlive;

    @BeforeAll
    static void table() throws SQLException {
        keepAlive = DriverManager.getConnection(URL, "sa", "");
        try (var s = keepAlive.createStatement()) {
            s.execute(OrdersPipeline.DDL);
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        try (var s = keepAlive.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        keepAlive.close();
    }

    @Override
    protected String jdbcUrl() {
        return URL;
    }

    @Override
    protected String user() {
        return "sa";
    }

    @Override
    protected String password() {
        return "";
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "sa", "");
    }
}

package io.shardlake.engine.run;

import io.shardlake.connectors.testing.MySqlShards;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BulkReadRacesContract} on a MariaDB/MySQL shard. */
class BulkReadRacesMariaDbIntegrationTest extends BulkReadRacesContract {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    @BeforeAll
    static void table() throws SQLException {
        shards.execute("shard01", OrdersPipeline.DDL);
    }

    @Override
    protected String jdbcUrl() {
        return shards.jdbcUrl("shard01");
    }

    @Override
    protected String user() {
        return shards.user();
    }

    @Override
    protected String password() {
        return shards.password();
    }

    @Override
    protected Connection connect() throws SQLException {
        return shards.connection("shard01");
    }
}

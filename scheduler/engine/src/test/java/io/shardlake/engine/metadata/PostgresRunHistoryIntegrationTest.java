package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRunHistoryIntegrationTest extends RunHistoryContract {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create("pages");

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

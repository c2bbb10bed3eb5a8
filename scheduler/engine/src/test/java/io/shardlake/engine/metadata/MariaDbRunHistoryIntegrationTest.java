package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbRunHistoryIntegrationTest extends RunHistoryContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create("pages");

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

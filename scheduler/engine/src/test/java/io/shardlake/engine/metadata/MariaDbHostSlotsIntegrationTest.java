package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbHostSlotsIntegrationTest extends HostSlotsContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

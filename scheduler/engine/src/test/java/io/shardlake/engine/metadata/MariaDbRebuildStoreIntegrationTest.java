package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbRebuildStoreIntegrationTest extends RebuildStoreContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create("rebuild");

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbKeyIndexStoreIntegrationTest extends KeyIndexStoreContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create("keyindex");

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

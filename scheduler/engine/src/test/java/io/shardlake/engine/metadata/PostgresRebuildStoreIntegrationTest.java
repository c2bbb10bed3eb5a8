package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRebuildStoreIntegrationTest extends RebuildStoreContract {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create("rebuild");

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbViewerPreferencesIntegrationTest extends ViewerPreferencesContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create();

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

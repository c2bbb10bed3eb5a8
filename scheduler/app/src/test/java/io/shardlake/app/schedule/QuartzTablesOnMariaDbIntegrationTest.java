package io.shardlake.app.schedule;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On the local MariaDB (or MySQL 8): a utf8mb4 database, as the metadata database may be. */
class QuartzTablesOnMariaDbIntegrationTest extends QuartzTablesContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create();

    @Override
    protected DataSource database() {
        return database.dataSource();
    }
}

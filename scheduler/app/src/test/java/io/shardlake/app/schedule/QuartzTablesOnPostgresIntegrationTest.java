package io.shardlake.app.schedule;

import io.shardlake.connectors.testing.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class QuartzTablesOnPostgresIntegrationTest extends QuartzTablesContract {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create();

    @Override
    protected DataSource database() {
        return database.dataSource();
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbAuditLogIntegrationTest extends AuditLogContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create("sec");

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

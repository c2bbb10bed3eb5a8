package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAuditLogIntegrationTest extends AuditLogContract {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create("sec");

    @Override
    protected DataSource dataSource() {
        return database.dataSource();
    }
}

package io.shardlake.app.nodes;

import io.shardlake.connectors.testing.MySqlDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoNodesOnMariaDbIntegrationTest extends TwoNodesContract {

    @RegisterExtension
    static MySqlDatabase metadata = MySqlDatabase.create();

    @Override
    String metadataUrl() {
        return metadata.jdbcUrl();
    }

    @Override
    String metadataUser() {
        return metadata.user();
    }

    @Override
    String metadataPassword() {
        return metadata.password();
    }

    @Override
    DataSource metadata() {
        return metadata.dataSource();
    }
}

package io.shardlake.app.nodes;

import io.shardlake.connectors.testing.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoNodesOnPostgresIntegrationTest extends TwoNodesContract {

    @RegisterExtension
    static PostgresDatabase metadata = PostgresDatabase.create();

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

package io.shardlake.app.nodes;

import io.shardlake.connectors.testing.PostgresDatabase;
import io.shardlake.connectors.testing.SingleDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoNodesOnPostgresIntegrationTest extends TwoNodesContract {

    @RegisterExtension
    static PostgresDatabase metadata = PostgresDatabase.create();

    @Override
    SingleDatabase metadataDatabase() {
        return metadata;
    }
}

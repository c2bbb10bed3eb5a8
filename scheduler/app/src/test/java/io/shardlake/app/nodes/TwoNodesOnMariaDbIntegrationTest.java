package io.shardlake.app.nodes;

import io.shardlake.connectors.testing.MySqlDatabase;
import io.shardlake.connectors.testing.SingleDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoNodesOnMariaDbIntegrationTest extends TwoNodesContract {

    @RegisterExtension
    static MySqlDatabase metadata = MySqlDatabase.create();

    @Override
    SingleDatabase metadataDatabase() {
        return metadata;
    }
}

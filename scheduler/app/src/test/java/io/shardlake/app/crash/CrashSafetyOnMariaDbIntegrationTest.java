package io.shardlake.app.crash;

import io.shardlake.connectors.testing.MySqlDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CrashSafetyContract} with the metadata on MariaDB/MySQL. */
class CrashSafetyOnMariaDbIntegrationTest extends CrashSafetyContract {

    @RegisterExtension
    static MySqlDatabase metadata = MySqlDatabase.create();

    @Override
    MetadataStore metadataStore() {
        return MetadataStore.of(metadata);
    }
}

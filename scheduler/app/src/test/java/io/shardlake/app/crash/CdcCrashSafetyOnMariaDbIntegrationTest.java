package io.shardlake.app.crash;

import io.shardlake.connectors.testing.MySqlDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CdcCrashSafetyContract} with the metadata on MariaDB/MySQL (the shared server, not the followed one). */
class CdcCrashSafetyOnMariaDbIntegrationTest extends CdcCrashSafetyContract {

    @RegisterExtension
    static MySqlDatabase metadata = MySqlDatabase.create();

    @Override
    MetadataStore metadataStore() {
        return MetadataStore.of(metadata);
    }
}

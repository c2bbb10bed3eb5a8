package io.shardlake.app.crash;

import io.shardlake.connectors.testing.MySqlDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CrashSafetyContract} with the metadata on MariaDB/MySQL. */
class CrashSafetyOnMariaDbIntegrationTest extends CrashSafetyContract {

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
}

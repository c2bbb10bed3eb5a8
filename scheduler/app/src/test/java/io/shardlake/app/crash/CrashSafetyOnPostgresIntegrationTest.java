package io.shardlake.app.crash;

import io.shardlake.connectors.testing.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CrashSafetyContract} with the metadata on PostgreSQL. */
class CrashSafetyOnPostgresIntegrationTest extends CrashSafetyContract {

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
}

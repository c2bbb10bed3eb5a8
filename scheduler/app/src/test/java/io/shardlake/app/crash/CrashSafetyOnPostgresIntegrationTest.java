package io.shardlake.app.crash;

import io.shardlake.connectors.testing.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CrashSafetyContract} with the metadata on PostgreSQL. */
class CrashSafetyOnPostgresIntegrationTest extends CrashSafetyContract {

    @RegisterExtension
    static PostgresDatabase metadata = PostgresDatabase.create();

    @Override
    MetadataStore metadataStore() {
        return MetadataStore.of(metadata);
    }
}

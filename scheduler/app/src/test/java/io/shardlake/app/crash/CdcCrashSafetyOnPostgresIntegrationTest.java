package io.shardlake.app.crash;

import io.shardlake.connectors.testing.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CdcCrashSafetyContract} with the metadata on PostgreSQL. */
class CdcCrashSafetyOnPostgresIntegrationTest extends CdcCrashSafetyContract {

    @RegisterExtension
    static PostgresDatabase metadata = PostgresDatabase.create();

    @Override
    MetadataStore metadataStore() {
        return MetadataStore.of(metadata);
    }
}

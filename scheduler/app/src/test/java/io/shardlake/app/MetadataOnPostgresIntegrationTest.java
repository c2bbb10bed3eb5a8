package io.shardlake.app;

import io.shardlake.connectors.testing.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MetadataOnPostgresIntegrationTest extends ExternalMetadataDatabaseContract {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        register(registry, database.jdbcUrl(), database.user(), database.password());
    }

    @Override
    String expectedTailType() {
        return "bytea";
    }

    @Override
    String currentSchema() {
        return "current_schema()";
    }
}

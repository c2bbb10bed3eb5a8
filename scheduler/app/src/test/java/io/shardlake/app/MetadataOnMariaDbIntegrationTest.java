package io.shardlake.app;

import io.shardlake.connectors.testing.MySqlDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MetadataOnMariaDbIntegrationTest extends ExternalMetadataDatabaseContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create();

    @DynamicPropertySource
    static void mariadb(DynamicPropertyRegistry registry) {
        register(registry, database.jdbcUrl(), database.user(), database.password());
    }

    @Override
    String expectedTailType() {
        return "longblob";
    }

    @Override
    String currentSchema() {
        return "DATABASE()";
    }
}

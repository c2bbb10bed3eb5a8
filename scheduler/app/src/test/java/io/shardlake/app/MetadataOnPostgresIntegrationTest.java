package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.PostgresDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service migrates and uses a PostgreSQL metadata database configured through spring.datasource.*. */
@SpringBootTest(properties = {"shardlake.demo.enabled=false", "shardlake.definitions=target/no-definitions"})
class MetadataOnPostgresIntegrationTest {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create();

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
        registry.add("shardlake.warehouse.path", () -> data.resolve("warehouse").toString());
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void flywayCreatesTheRunTablesWithPostgresTypes() {
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'shard_watermark' AND column_name = 'tail'",
                String.class)).isEqualTo("bytea");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pipeline_run", Integer.class)).isZero();
    }
}

package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The service started on an external metadata database given through {@code spring.datasource.*}:
 * Flyway applies the production migrations with that database's placeholders.
 */
@SpringBootTest(properties = {"shardlake.demo.enabled=false", "shardlake.definitions=target/no-definitions",
        TestLogins.ADMIN_NAME_PROPERTY, TestLogins.ADMIN_HASH_PROPERTY, TestLogins.ADMIN_ROLES_PROPERTY})
abstract class ExternalMetadataDatabaseContract {

    @TempDir
    static Path data;

    @Autowired
    JdbcTemplate jdbc;

    static void register(DynamicPropertyRegistry registry, String url, String user, String password) {
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> password);
        registry.add("shardlake.warehouse.path", () -> data.resolve("warehouse").toString());
    }

    /** The column type the tail digest gets on this database, as information_schema reports it. */
    abstract String expectedTailType();

    @Test
    void flywayCreatesTheRunTablesWithThisDatabasesTypes() {
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns"
                + " WHERE table_name = 'shard_watermark' AND column_name = 'tail' AND table_schema = " + currentSchema(), String.class))
                .isEqualToIgnoringCase(expectedTailType());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pipeline_run", Integer.class)).isZero();
    }

    abstract String currentSchema();
}

package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.shardlake.connectors.testing.Jdbc;
import io.shardlake.connectors.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class RedshiftDataSourcesIntegrationTest {

    @Test
    void the_redshift_driver_is_on_the_class_path_for_redshift_urls() throws Exception {
        assertThat(DriverManager.getDriver("jdbc:redshift://examplecluster:5439/dev").getClass().getName())
                .startsWith("com.amazon.redshift");
    }

    @Test
    void the_pool_connects_with_the_settings_user() throws Exception {
        RedshiftSettings settings = RedshiftSettings.batchedInsert(PostgresServer.shared().jdbcUrl("postgres"),
                PostgresServer.shared().endpoint().user(), PostgresServer.shared().endpoint().password(), null);
        try (HikariDataSource pool = RedshiftDataSources.pool(settings); Connection connection = pool.getConnection()) {
            assertThat(Jdbc.queryString(connection, "SELECT current_user")).isEqualTo(settings.user());
            assertThat(pool.getMaximumPoolSize()).isEqualTo(RedshiftDataSources.DEFAULT_POOL_SIZE);
        }
    }
}

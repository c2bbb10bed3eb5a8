package io.shardlake.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.app.observability.AlertProperties;
import io.shardlake.app.observability.MetricsProperties;
import io.shardlake.web.security.SecurityProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Every {@code shardlake.*} properties record bound from an empty environment gives the defaults
 * README "Configuration" documents; the records state them, application.yml does not repeat them.
 */
class ConfigurationDefaultsTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    private static <T> T bindNothing(String prefix, Class<T> type) {
        return bind(prefix, type, Map.of());
    }

    private static Properties shippedApplicationYml() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject();
    }

    @Test
    void theShippedApplicationYmlSetsNoShardlakeKey() {
        assertThat(shippedApplicationYml().stringPropertyNames()).noneMatch(key -> key.startsWith("shardlake."));
    }

    @Test
    void theShippedH2DatabaseIsClosedByThePoolNotByH2sShutdownHook() {
        // Else H2 closes it while a graceful stop still records the runs it stopped ("Database is already closed").
        assertThat(shippedApplicationYml().getProperty("spring.datasource.url")).contains(";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void shardlakeDefaultsAreTheQuickStartsEmbeddedOnes() {
        ShardlakeProperties p = bindNothing("shardlake", ShardlakeProperties.class);

        assertThat(p.definitionsFolder()).isEqualTo(Path.of("dag-definitions"));
        assertThat(p.sources()).isEmpty();
        assertThat(p.warehouse().type()).isEqualTo(ShardlakeProperties.Warehouse.Type.LOCAL);
        assertThat(p.warehouse().localRoot()).isEqualTo(Path.of("data/warehouse"));
        assertThat(p.warehouse().s3()).isEqualTo(new ShardlakeProperties.S3(null, "", "us-east-1", null, false, 16L * 1024 * 1024, false));
        ShardlakeProperties.Extract x = p.extract();
        assertThat(x.lookback()).isEqualTo(Duration.ofMinutes(10));
        assertThat(x.safetyLag()).isEqualTo(Duration.ofSeconds(5));
        assertThat(x.chunkRows()).isEqualTo(100_000);
        assertThat(x.primaryKeyScanFraction()).isEqualTo(0.1);
        assertThat(x.dedupeBatchRows()).isEqualTo(10_000);
        assertThat(x.quarantineMinRows()).isEqualTo(5);
        assertThat(x.parallelism()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(x.workDirectoryPath()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "shardlake-work"));
        ShardlakeProperties.Demo demo = p.demo();
        assertThat(demo.enabled()).isTrue();
        assertThat(demo.connection()).isEqualTo("shop");
        assertThat(demo.tickInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(demo.databasePrefix()).isEqualTo("shardlake_demo");
        assertThat(demo.users()).extracting(u -> u.name() + "=" + u.roles())
                .containsExactly("admin=[ADMIN]", "analyst=[ANALYST]", "operator=[OPERATOR]", "viewer=[VIEWER]");
    }

    @Test
    void aSourceGivenOnlyItsShardsTakesTheDocumentedDefaults() {
        ShardlakeProperties p = bind("shardlake", ShardlakeProperties.class,
                Map.of("shardlake.sources.shop.shards[0].id", "shard01", "shardlake.sources.shop.shards[0].url", "jdbc:mysql://r:3306/s"));

        ShardlakeProperties.Source shop = p.sources().get("shop");
        assertThat(shop.shards()).containsExactly(new ShardlakeProperties.ShardUrl("shard01", "jdbc:mysql://r:3306/s"));
        assertThat(shop.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(shop.maxConcurrentPerHost()).isEqualTo(2);
        assertThat(shop.lagQuery()).isNull();
        assertThat(List.of(shop.connectTimeout(), shop.readTimeout(), shop.queryTimeout()))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(10));
    }

    @Test
    void aKeySetReplacesOnlyItsOwnDefault() {
        ShardlakeProperties p = bind("shardlake", ShardlakeProperties.class,
                Map.of("shardlake.demo.enabled", "false", "shardlake.extract.chunk-rows", "500"));

        assertThat(p.demo().enabled()).isFalse();
        assertThat(p.demo().connection()).isEqualTo("shop");
        assertThat(p.extract().chunkRows()).isEqualTo(500);
        assertThat(p.extract().lookback()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void noQueueIsReadByDefaultAndAQueueGivenOnlyItsUrlLongPollsAMinuteVisibility() {
        assertThat(bindNothing("shardlake.events", EventsProperties.class).sqs()).isEmpty();

        EventsProperties p = bind("shardlake.events", EventsProperties.class,
                Map.of("shardlake.events.sqs[0].url", "https://sqs.eu-west-1.amazonaws.com/1/orders-events"));

        assertThat(p.sqs()).containsExactly(new EventsProperties.Sqs("https://sqs.eu-west-1.amazonaws.com/1/orders-events", "us-east-1",
                "", java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(60)));
    }

    @Test
    void compactionDefaults() {
        assertThat(bindNothing("shardlake.compaction", CompactionProperties.class)).isEqualTo(new CompactionProperties(true,
                Duration.ofMinutes(5), 50, org.springframework.util.unit.DataSize.ofMegabytes(128), Duration.ofMinutes(10), 2000,
                Duration.ofDays(1)));
    }

    @Test
    void currentTableDefaultsAreTheReadmes() {
        assertThat(bindNothing("shardlake.current", CurrentProperties.class)).isEqualTo(new CurrentProperties(20_000,
                Duration.ofMinutes(2), Duration.ofHours(1)));
    }

    @Test
    void schedulerDefaults() {
        assertThat(bindNothing("shardlake.scheduler", SchedulerProperties.class)).isEqualTo(new SchedulerProperties("",
                Duration.ofSeconds(30), 8, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(5), 500,
                Duration.ofHours(1), Duration.ofDays(7)));
    }

    @Test
    void athenaIsOffAndRedshiftUnconfiguredByDefault() {
        assertThat(bindNothing("shardlake.athena", AthenaProperties.class)).isEqualTo(new AthenaProperties(false, null, "primary",
                "AwsDataCatalog", null, null, null, Duration.ofMillis(500), Duration.ofMinutes(2), "catalog"));
        RedshiftProperties redshift = bindNothing("shardlake.redshift", RedshiftProperties.class);
        assertThat(redshift.configured()).isFalse();
        assertThat(redshift).isEqualTo(new RedshiftProperties(null, null, null, null, "public", "copy", 1000, "_staging"));
    }

    @Test
    void alertAndMetricsDefaults() {
        assertThat(bindNothing("shardlake.alerts", AlertProperties.class))
                .isEqualTo(new AlertProperties(null, null, Duration.ofSeconds(10), 1000));
        assertThat(bindNothing("shardlake.metrics", MetricsProperties.class).freshnessRefresh()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void securityDefaultsToLocalUsersWithNoneConfigured() {
        SecurityProperties s = bindNothing("shardlake.security", SecurityProperties.class);

        assertThat(s.mode()).isEqualTo(SecurityProperties.Mode.LOCAL);
        assertThat(s.users()).isEmpty();
        assertThat(s.tokens()).isEmpty();
        assertThat(s.oidc()).isEqualTo(new SecurityProperties.Oidc("groups", Map.of()));
        assertThat(s.lockout()).isEqualTo(new SecurityProperties.Lockout(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(15)));
        assertThat(s.maxRequestBytes()).isEqualTo(1024L * 1024);
    }
}

package io.shardlake.app.demo;

import io.shardlake.connectors.testing.SettableClock;
import static io.shardlake.app.demo.ShardContents.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemoShardsTest {

    private static final DemoVolume TINY = new DemoVolume(20, 10, 5, 2, 2, Duration.ofDays(2), 500);

    @Test
    void startsTwelveShardsOfDefaultDataAtTheDocumentedUrls() throws SQLException {
        try (DemoShards shards = DemoShards.start()) {
            assertThat(shards.shardIds()).hasSize(12).startsWith("shard01").endsWith("shard12");
            assertThat(shards.jdbcUrls()).hasSize(12).startsWith(
                    "jdbc:h2:mem:shardlake_demo_s01;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
            for (String url : shards.jdbcUrls()) {
                try (Connection shard = DriverManager.getConnection(url, shards.user(), shards.password())) {
                    assertThat(count(shard, "SELECT COUNT(*) FROM orders")).isGreaterThanOrEqualTo(2_000);
                    assertThat(count(shard, "SELECT COUNT(*) FROM form_submissions")).isGreaterThanOrEqualTo(500);
                    assertThat(count(shard, "SELECT COUNT(*) FROM customers")).isGreaterThanOrEqualTo(300);
                }
            }
        }
    }

    @Test
    void keepsInsertingAndUpdatingEveryShardUntilClosedAndThenDropsThem() throws SQLException {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-23T12:00:00Z"));
        DemoShards shards = DemoShards.start(3, Duration.ofMillis(50), "demo_ticking",
                new DemoDataGenerator(1, clock, TINY));
        try (shards) {
            clock.advance(Duration.ofDays(1)); // initial rows are all older than this
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (String url : shards.jdbcUrls()) {
                    try (Connection shard = DriverManager.getConnection(url, shards.user(), shards.password())) {
                        assertThat(count(shard, "SELECT COUNT(*) FROM orders WHERE id > 20"
                                + " AND created_at = '2026-11-24 12:00:00.000'")).isGreaterThanOrEqualTo(2 * 3);
                        assertThat(count(shard, "SELECT COUNT(*) FROM customers WHERE id <= 5"
                                + " AND updated_at = '2026-11-24 12:00:00.000'")).isPositive();
                    }
                }
            });
        }

        for (String url : shards.jdbcUrls()) {
            assertThatThrownBy(() -> DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "").close())
                    .as("dropped: " + url).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void refusesASecondInstanceWithTheSameDatabasePrefixAndLeavesTheFirstIntact() throws SQLException {
        try (DemoShards first = DemoShards.start(2, Duration.ofSeconds(60), "demo_twice",
                new DemoDataGenerator(1, Clock.systemUTC(), TINY))) {

            assertThatThrownBy(() -> DemoShards.start(2, Duration.ofSeconds(60), "demo_twice",
                    new DemoDataGenerator(1, Clock.systemUTC(), TINY)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already exist");

            try (Connection shard = DriverManager.getConnection(first.jdbcUrls().get(0), "sa", "")) {
                assertThat(count(shard, "SELECT COUNT(*) FROM orders")).isEqualTo(20);
            }
        }
    }
}

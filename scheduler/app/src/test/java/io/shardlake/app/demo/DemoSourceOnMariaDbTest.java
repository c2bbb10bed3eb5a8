package io.shardlake.app.demo;

import io.shardlake.connectors.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.MySqlShards;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo schema and generator on a real MySQL-compatible server (the local MariaDB here). */
class DemoSourceOnMariaDbTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    private static final DemoVolume SMALL = new DemoVolume(200, 80, 40, 3, 5, Duration.ofDays(3), 50);

    @Test
    void schemaAppliesUnchangedTwiceWithTheSameTablesAndIndexes() throws SQLException {
        try (Connection shard = shards.connection("shard01")) {
            DemoSchema.applyTo(shard);
            DemoSchema.applyTo(shard);

            SchemaExpectations.assertDemoTables(shard);
        }
    }

    @Test
    void generatedRowsReadBackFromMariaDbExactlyAsFromH2IncludingMillisecondsAndEmoji() throws SQLException {
        Instant start = Instant.parse("2026-11-23T23:59:59.999Z");
        try (Connection maria = shards.connection("shard02"); Connection h2 = ShardContents.h2("same_as_maria")) {
            for (Connection shard : new Connection[] {maria, h2}) {
                SettableClock clock = new SettableClock(start);
                DemoDataGenerator generator = new DemoDataGenerator(7, clock, SMALL);
                DemoSchema.applyTo(shard);
                generator.populate(shard);
                clock.advance(Duration.ofMillis(2)); // 2026-11-24 00:00:00.001, a date and millisecond edge
                generator.tick(shard);
            }

            for (String table : DemoSchema.TABLES) {
                assertThat(ShardContents.rows(maria, table)).as(table).isEqualTo(ShardContents.rows(h2, table));
            }
            assertThat(ShardContents.count(maria, "SELECT COUNT(*) FROM orders WHERE updated_at = '2026-11-24 00:00:00.001'"))
                    .isGreaterThan(SMALL.insertsPerTick());
            assertThat(ShardContents.query(maria, "SELECT MAX(updated_at) FROM customers").get(0).get(0))
                    .isEqualTo(LocalDateTime.parse("2026-11-24T00:00:00.001"));
            assertThat(ShardContents.count(maria, "SELECT COUNT(*) FROM orders WHERE note LIKE '%🎁%'")).isPositive();
        }
    }
}

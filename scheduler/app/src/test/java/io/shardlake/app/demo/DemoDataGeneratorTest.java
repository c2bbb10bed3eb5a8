package io.shardlake.app.demo;

import io.shardlake.connectors.testing.SettableClock;
import static io.shardlake.app.demo.ShardContents.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDataGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T01:02:03.456Z");
    private static final DemoVolume SMALL = new DemoVolume(300, 120, 50, 4, 6, Duration.ofDays(7), 500);

    @Test
    void populatesEachTableWithTheConfiguredRowsNumberedFromOne() throws SQLException {
        try (Connection shard = populated("populate_counts", 1, NOW, SMALL)) {
            assertThat(count(shard, "SELECT COUNT(*) FROM orders")).isEqualTo(300);
            assertThat(count(shard, "SELECT COUNT(*) FROM form_submissions")).isEqualTo(120);
            assertThat(count(shard, "SELECT COUNT(*) FROM customers")).isEqualTo(50);
            assertThat(count(shard, "SELECT MIN(id) FROM orders")).isEqualTo(1);
            assertThat(count(shard, "SELECT MAX(id) FROM orders")).isEqualTo(300);
            assertThat(count(shard, "SELECT MAX(customer_id) FROM orders")).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void theSameSeedAndClockGiveTheSameRowsAndAnotherSeedDoesNot() throws SQLException {
        try (Connection first = populated("same_seed_a", 42, NOW, SMALL);
             Connection second = populated("same_seed_b", 42, NOW, SMALL);
             Connection other = populated("other_seed", 43, NOW, SMALL)) {
            for (String table : DemoSchema.TABLES) {
                assertThat(ShardContents.rows(first, table)).as(table).isEqualTo(ShardContents.rows(second, table));
                assertThat(ShardContents.rows(first, table)).as(table).isNotEqualTo(ShardContents.rows(other, table));
            }
        }
    }

    @Test
    void initialRowsSpreadOverTheHistoryAndAreNeverUpdatedBeforeTheyWereCreated() throws SQLException {
        try (Connection shard = populated("history", 1, NOW, SMALL)) {
            for (String table : DemoSchema.TABLES) {
                List<Object> range = ShardContents.query(shard,
                        "SELECT MIN(created_at), MAX(updated_at) FROM " + table).get(0);
                assertThat((LocalDateTime) range.get(0)).as(table).isAfterOrEqualTo(LocalDateTime.parse("2026-11-17T01:02:03.456"));
                assertThat((LocalDateTime) range.get(1)).as(table).isBeforeOrEqualTo(LocalDateTime.parse("2026-11-24T01:02:03.456"));
                assertThat(count(shard, "SELECT COUNT(*) FROM " + table + " WHERE updated_at < created_at")).isZero();
            }
            assertThat(count(shard, "SELECT COUNT(DISTINCT CAST(created_at AS DATE)) FROM orders"))
                    .as("several date partitions").isGreaterThanOrEqualTo(7);
        }
    }

    @Test
    void aTickInsertsRowsAndStampsChangedRowsWithTheClocksUtcMillisecondWhateverTheJvmZone() throws SQLException {
        SettableClock clock = new SettableClock(NOW);
        DemoDataGenerator generator = new DemoDataGenerator(5, clock, SMALL);
        try (Connection shard = ShardContents.h2("tick")) {
            DemoSchema.applyTo(shard);
            generator.populate(shard);
            clock.advance(Duration.ofMinutes(1).plusMillis(1));

            generator.tick(shard);

            String stamp = "'2026-11-24 01:03:03.457'"; // UTC; the test JVM runs in America/Sao_Paulo
            for (String table : DemoSchema.TABLES) {
                long initial = switch (table) {
                    case "orders" -> SMALL.orders();
                    case "form_submissions" -> SMALL.formSubmissions();
                    default -> SMALL.customers();
                };
                assertThat(count(shard, "SELECT COUNT(*) FROM " + table)).as(table).isEqualTo(initial + 4);
                assertThat(count(shard, "SELECT COUNT(*) FROM " + table + " WHERE id > " + initial
                        + " AND created_at = " + stamp + " AND updated_at = " + stamp)).as(table).isEqualTo(4);
                assertThat(count(shard, "SELECT COUNT(*) FROM " + table + " WHERE id <= " + initial
                        + " AND updated_at = " + stamp + " AND created_at < updated_at"))
                        .as(table + ": existing rows changed").isBetween(1L, 6L);
            }
        }
    }

    @Test
    void ticksKeepIdsASequencePerShard() throws SQLException {
        SettableClock clock = new SettableClock(NOW);
        DemoDataGenerator generator = new DemoDataGenerator(5, clock, SMALL);
        try (Connection shard = ShardContents.h2("sequence")) {
            DemoSchema.applyTo(shard);
            generator.populate(shard);
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(2));
                generator.tick(shard);
            }

            assertThat(count(shard, "SELECT MAX(id) FROM orders")).isEqualTo(SMALL.orders() + 12);
            assertThat(count(shard, "SELECT COUNT(DISTINCT id) FROM orders")).isEqualTo(SMALL.orders() + 12);
        }
    }

    @Test
    void aboutOneJsonDocumentInFiveHundredIsMalformed() throws SQLException {
        DemoVolume large = new DemoVolume(20_000, 5_000, 3_000, 0, 0, Duration.ofDays(7), 500);
        try (Connection shard = populated("malformed", 11, NOW, large)) {
            List<String> documents = new ArrayList<>();
            documents.addAll(ShardContents.strings(shard, "orders", "payload"));
            documents.addAll(ShardContents.strings(shard, "form_submissions", "answers"));
            documents.addAll(ShardContents.strings(shard, "customers", "attributes"));

            long malformed = documents.stream().filter(json -> !ShardContents.isWellFormedJson(json)).count();

            double expected = documents.size() / 500.0; // about 55
            assertThat(malformed).isBetween(Math.round(expected * 0.5), Math.round(expected * 1.6));
        }
    }

    @Test
    void rowsCarryNullsUnicodeAndFormSpecificAnswers() throws SQLException {
        try (Connection shard = populated("variety", 3, NOW, SMALL)) {
            assertThat(count(shard, "SELECT COUNT(*) FROM orders WHERE note IS NULL")).isPositive();
            assertThat(ShardContents.strings(shard, "orders", "note")).anyMatch(note -> note.codePoints().anyMatch(c -> c > 0xFFFF));
            assertThat(ShardContents.strings(shard, "customers", "full_name")).anyMatch(name -> !name.matches("\\p{ASCII}*"));
            assertThat(ShardContents.strings(shard, "orders", "payload").get(0))
                    .startsWith("{\"customer\":{\"tier\":").contains("\"channel\":", "\"items\":[{\"sku\":\"SKU-");
            assertThat(ShardContents.strings(shard, "form_submissions", "answers"))
                    .anyMatch(answers -> answers.startsWith("{\"q_satisfaction\":"))
                    .anyMatch(answers -> answers.startsWith("{\"q_site\":") && answers.contains("\"q_hazards\":["));
            assertThat(count(shard, "SELECT COUNT(DISTINCT form_id) FROM form_submissions")).isEqualTo(FormSubmissionsTable.FORMS);
        }
    }

    /** A fresh H2 shard with the schema and initial rows; closing it drops the database. */
    private static Connection populated(String name, long seed, Instant now, DemoVolume volume) throws SQLException {
        Connection shard = ShardContents.h2(name);
        DemoSchema.applyTo(shard);
        new DemoDataGenerator(seed, new SettableClock(now), volume).populate(shard);
        return shard;
    }
}

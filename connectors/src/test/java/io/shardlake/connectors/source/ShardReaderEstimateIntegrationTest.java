package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.MySqlShards;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Dry-run row estimates on the real MySQL-compatible server: from EXPLAIN, close to the truth, reading no rows. */
class ShardReaderEstimateIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final ExtractQuery QUERY = new ExtractQuery("events", List.of("id", "name"), "updated_at", List.of("id"));
    private static final int ROWS = 6000;

    /** One connection, so the session's handler counters add up across the reader's queries. */
    private static final ShardDataSources POOLS = new ShardDataSources(shards.user(), shards.password(), 1, SourceTimeouts.DEFAULTS);

    @BeforeAll
    static void table() throws Exception {
        shards.execute("shard01", "CREATE TABLE events (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY events_cursor (updated_at, id)) DEFAULT CHARSET = utf8mb4");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            // one row every 10.5 seconds from 2026-01-01, so millisecond bounds fall between rows
            rows.append(i == 1 ? "" : ",").append("(").append(i).append(", 'event ").append(i).append("',")
                    .append(" '2026-01-01 00:00:00.000' + INTERVAL ").append((i - 1) * 10_500L).append(" * 1000 MICROSECOND)");
        }
        shards.execute("shard01", "INSERT INTO events (id, name, updated_at) VALUES " + rows);
        shards.execute("shard01", "ANALYZE TABLE events");
    }

    @AfterAll
    static void close() {
        POOLS.close();
    }

    private static ShardReader reader() {
        Shard shard = new Shard("shard01", shards.jdbcUrl("shard01"));
        return new ShardReader(shard, POOLS.forShard(shard), new MySqlDialect(), ZoneOffset.UTC, null);
    }

    static Stream<Arguments> windows() {
        return Stream.of(
                Arguments.of("2026-01-01T00:00", "2026-01-01T03:00"),
                Arguments.of("2026-01-01T05:00:00.250", "2026-01-01T11:00:00.750"),
                Arguments.of("2026-01-01T00:00", "2026-01-02T00:00"),
                Arguments.of(null, "2026-01-01T06:00"),
                Arguments.of(null, "2030-01-01T00:00"));
    }

    @ParameterizedTest(name = "[{0}, {1})")
    @MethodSource("windows")
    void theEstimateIsWithinAFactorOfTwoOfTheTrueCount(String from, String until) throws Exception {
        ExtractWindow window = new ExtractWindow(from == null ? null : LocalDateTime.parse(from), LocalDateTime.parse(until));
        long actual = count(window);

        long estimate = reader().estimateRows(QUERY, window);

        assertThat(actual).as("the data set puts rows in this window").isGreaterThan(500);
        assertThat(estimate).as("estimate of %d rows", actual).isBetween(actual / 2, actual * 2);
    }

    @Test
    void aWindowWithNoRowsIsEstimatedAtAboutZero() throws Exception {
        assertThat(reader().estimateRows(QUERY, new ExtractWindow(LocalDateTime.parse("2027-01-01T00:00"), LocalDateTime.parse("2027-02-01T00:00"))))
                .as("an empty range (the optimizer says 1, never 0)").isLessThanOrEqualTo(1);
        assertThat(reader().estimateRows(QUERY, new ExtractWindow(LocalDateTime.parse("2026-01-01T01:00"), LocalDateTime.parse("2026-01-01T01:00"))))
                .as("an empty window (Impossible WHERE)").isZero();
    }

    @Test
    void theEstimateReadsNoRowsOfTheTable() throws Exception {
        ShardReader reader = reader();
        DataSource ds = POOLS.forShard(reader.shard());
        long before = handlerReads(ds);

        reader.estimateRows(QUERY, new ExtractWindow(null, LocalDateTime.parse("2030-01-01T00:00")));

        // a COUNT(*) of the same window reads ~6,000 index entries
        assertThat(handlerReads(ds) - before).as("index and table rows read to estimate %d rows", ROWS).isLessThan(50);
    }

    private static long count(ExtractWindow w) throws Exception {
        String sql = "SELECT COUNT(*) FROM events WHERE " + (w.from() == null ? "" : "updated_at >= '" + CursorValues.format(w.from()) + "' AND ")
                + "updated_at < '" + CursorValues.format(w.until()) + "'";
        try (Connection c = shards.connection("shard01"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long handlerReads(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW SESSION STATUS WHERE Variable_name LIKE 'Handler_read%'")) {
            long total = 0;
            while (rs.next()) {
                total += rs.getLong(2);
            }
            return total;
        }
    }
}

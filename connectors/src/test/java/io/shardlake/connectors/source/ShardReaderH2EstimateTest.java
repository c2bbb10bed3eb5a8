package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On the embedded demo's H2 shards an estimate is an exact count of the window. */
class ShardReaderH2EstimateTest {

    private static final ExtractQuery QUERY = new ExtractQuery("events", List.of("id"), "updated_at", List.of("id"));
    private static final JdbcDataSource DS = new JdbcDataSource();
    private static Connection keepAlive;

    @BeforeAll
    static void table() throws Exception {
        DS.setURL("jdbc:h2:mem:estimate_s01;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        keepAlive = DS.getConnection();
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, updated_at TIMESTAMP(3) NOT NULL)");
            s.execute("CREATE INDEX events_cursor ON events (updated_at, id)");
            // 3,000 rows, one every 1.5 seconds from 2026-01-01 00:00
            s.execute("INSERT INTO events SELECT \"X\", DATEADD(MILLISECOND, (\"X\" - 1) * 1500, TIMESTAMP '2026-01-01 00:00:00')"
                    + " FROM SYSTEM_RANGE(1, 3000)");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("DROP TABLE events");
        }
        keepAlive.close();
    }

    private static ShardReader reader() {
        return new ShardReader(new Shard("shard01", "jdbc:h2:mem:estimate_s01"), DS, new H2Dialect(), ZoneId.of("Europe/Berlin"), null);
    }

    @Test
    void theEstimateIsTheExactCountOfTheHalfOpenWindow() throws Exception {
        // rows at 00:00:00.0, 00:00:01.5, 00:00:03.0 ...: [00:00:03, 00:01:03) holds 3.0 .. 61.5, 40 rows
        assertThat(reader().estimateRows(QUERY, new ExtractWindow(LocalDateTime.parse("2026-01-01T00:00:03"), LocalDateTime.parse("2026-01-01T00:01:03"))))
                .isEqualTo(40);
        assertThat(reader().estimateRows(QUERY, new ExtractWindow(LocalDateTime.parse("2026-01-01T00:00:01.499"), LocalDateTime.parse("2026-01-01T00:00:01.501"))))
                .as("a millisecond either side of one row").isEqualTo(1);
        assertThat(reader().estimateRows(QUERY, new ExtractWindow(null, LocalDateTime.parse("2030-01-01T00:00")))).isEqualTo(3000);
    }

    @Test
    void aWindowWithNoRowsIsEstimatedAtZero() throws Exception {
        assertThat(reader().estimateRows(QUERY, new ExtractWindow(LocalDateTime.parse("2027-01-01T00:00"), LocalDateTime.parse("2027-02-01T00:00"))))
                .isZero();
    }
}

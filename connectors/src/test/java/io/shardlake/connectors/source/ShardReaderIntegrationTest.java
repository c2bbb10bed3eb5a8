package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.transforms.schema.Utf8;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShardReaderIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final ExtractQuery QUERY = new ExtractQuery("events", List.of("id", "name", "seen_at"), "updated_at", List.of("id"));

    /** One connection, so session counters of the server add up across the reader's queries. */
    private final ShardDataSources pools = new ShardDataSources(shards.user(), shards.password(), 1, SourceTimeouts.DEFAULTS);

    @BeforeAll
    static void table() throws Exception {
        shards.execute("shard01", "CREATE TABLE events (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, seen_at TIMESTAMP(3) NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY events_cursor (updated_at, id)) DEFAULT CHARSET = utf8mb4");
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            // Ten rows share each cursor value, so chunk edges fall inside runs of equal values.
            rows.append(i == 1 ? "" : ",").append("(").append(i).append(", 'ëvent ").append(i).append("', '2026-03-01 12:00:00.000',")
                    .append(" '2026-01-01 00:00:00.000' + INTERVAL ").append((i - 1) / 10).append(" SECOND)");
        }
        shards.execute("shard01", "INSERT INTO events (id, name, seen_at, updated_at) VALUES " + rows);
    }

    @AfterEach
    void close() {
        pools.close();
    }

    private ShardReader reader(ZoneId zone) {
        Shard shard = new Shard("shard01", shards.jdbcUrl("shard01"));
        DataSource ds = pools.forShard(shard);
        return new ShardReader(shard, ds, new MySqlDialect(), zone, null);
    }

    @Test
    void readsEveryRowOnceInCursorAndKeyOrderAcrossChunkEdges() throws Exception {
        List<Long> ids = new ArrayList<>();
        List<LocalDateTime> cursors = new ArrayList<>();

        ReadCost cost = reader(ZoneOffset.UTC).read(QUERY, new ExtractWindow(null, LocalDateTime.parse("2030-01-01T00:00")),
                AccessPath.CURSOR_INDEX, 7, (values, cursor) -> {
                    ids.add((Long) values[0]);
                    cursors.add(cursor);
                });

        assertThat(cost.rowsSent()).isEqualTo(1000);
        assertThat(cost.queries()).as("1000 rows in pages of 7, the last one short").isEqualTo(143);
        assertThat(ids).hasSize(1000).doesNotHaveDuplicates().isSorted();
        assertThat(cursors).isSorted();
    }

    @Test
    void theServerReadsEachRowAboutOnceHoweverManyChunksTheWindowTakes() throws Exception {
        ShardReader reader = reader(ZoneOffset.UTC);
        long before = handlerReads(pools.forShard(reader.shard()));

        reader.read(QUERY, new ExtractWindow(LocalDateTime.parse("2026-01-01T00:00"), LocalDateTime.parse("2030-01-01T00:00")),
                AccessPath.CURSOR_INDEX, 50, (values, cursor) -> { });

        long serverReads = handlerReads(pools.forShard(reader.shard())) - before;
        // A row-value comparison applied as a filter re-reads every earlier chunk: ~10,500 reads here.
        assertThat(serverReads).as("index rows the server read for 1,000 rows in 20 chunks").isLessThan(1_500);
    }

    @ParameterizedTest
    @EnumSource(AccessPath.class)
    void theWindowIsHalfOpenSoAnEdgeValueBelongsToTheNextWindow(AccessPath path) throws Exception {
        LocalDateTime edge = LocalDateTime.parse("2026-01-01T00:00:50");
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();

        reader(ZoneOffset.UTC).read(QUERY, new ExtractWindow(null, edge), path, 1000, (v, c) -> first.add((Long) v[0]));
        reader(ZoneOffset.UTC).read(QUERY, new ExtractWindow(edge, edge.plusSeconds(1)), path, 7, (v, c) -> second.add((Long) v[0]));

        assertThat(first).hasSize(500).doesNotHaveDuplicates().allMatch(id -> id <= 500);
        assertThat(second).containsExactlyInAnyOrder(501L, 502L, 503L, 504L, 505L, 506L, 507L, 508L, 509L, 510L);
    }

    @Test
    void aPrimaryKeyScanReadsEveryRowOnceInKeyOrderAndTheServerReadsEachRowOnce() throws Exception {
        List<Long> ids = new ArrayList<>();
        List<LocalDateTime> cursors = new ArrayList<>();

        ReadCost cost = reader(ZoneOffset.UTC).read(QUERY, new ExtractWindow(null, LocalDateTime.parse("2030-01-01T00:00")),
                AccessPath.PRIMARY_KEY, 7, (values, cursor) -> {
                    ids.add((Long) values[0]);
                    cursors.add(cursor);
                });

        assertThat(ids).hasSize(1000).doesNotHaveDuplicates().isSorted();
        assertThat(cursors).as("the cursor value of each row, whatever the order").hasSize(1000).doesNotContainNull();
        assertThat(cost.accessPath()).isEqualTo(AccessPath.PRIMARY_KEY);
        assertThat(cost.rowsSent()).isEqualTo(1000);
        // One range start per page plus one step per row: never a re-read of earlier pages.
        assertThat(cost.rowsExamined()).as("handler reads for 1,000 rows in 143 pages").isBetween(1000L, 1000L + 2 * 143);
        assertThat(cost.queryTime()).isPositive();
    }

    @Test
    void aPrimaryKeyScanOfANarrowWindowExaminesTheWholeTableAndSaysSo() throws Exception {
        LocalDateTime from = LocalDateTime.parse("2026-01-01T00:00:10");
        List<Long> ids = new ArrayList<>();

        ReadCost cost = reader(ZoneOffset.UTC).read(QUERY, new ExtractWindow(from, from.plusSeconds(2)), AccessPath.PRIMARY_KEY, 100,
                (values, cursor) -> ids.add((Long) values[0]));

        assertThat(ids).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(101, 120).boxed().toList());
        assertThat(cost.rowsExamined()).as("1,000 rows scanned for 20").isGreaterThan(40L * cost.rowsSent());
    }

    @Test
    void aWideWindowIsReadInKeyOrderAndANarrowOneOnTheCursorIndex() throws Exception {
        ShardReader reader = reader(ZoneOffset.UTC);
        LocalDateTime from = LocalDateTime.parse("2026-01-01T00:00:10");

        AccessPathChoice wide = reader.chooseAccessPath(QUERY, new ExtractWindow(null, LocalDateTime.parse("2030-01-01T00:00")), 0.1);
        AccessPathChoice narrow = reader.chooseAccessPath(QUERY, new ExtractWindow(from, from.plusSeconds(2)), 0.1);

        assertThat(wide.path()).isEqualTo(AccessPath.PRIMARY_KEY);
        assertThat(wide.tableRows()).as("the optimizer's estimate").isBetween(500L, 2000L);
        assertThat(narrow.path()).isEqualTo(AccessPath.CURSOR_INDEX);
        assertThat(narrow.windowRows()).as("the optimizer's estimate of 20 rows").isBetween(1L, 100L);
        assertThat(reader.chooseAccessPath(QUERY, new ExtractWindow(from, from.plusSeconds(2)), 0).path())
                .as("a fraction of 0 always scans").isEqualTo(AccessPath.PRIMARY_KEY);
    }

    @Test
    void aDeclaredKeyThatIsNotTheTablesPrimaryKeyIsNeverReadInKeyOrder() throws Exception {
        ExtractQuery byName = new ExtractQuery("events", List.of("id", "name", "seen_at"), "updated_at", List.of("name"));

        AccessPathChoice choice = reader(ZoneOffset.UTC).chooseAccessPath(byName,
                new ExtractWindow(null, LocalDateTime.parse("2030-01-01T00:00")), 0);

        assertThat(choice.path()).as("ORDER BY name on the clustered index would sort every chunk's scan").isEqualTo(AccessPath.CURSOR_INDEX);
        assertThat(choice.tableRows()).isPositive();
    }

    @Test
    void datetimeIsReadInTheSourceZoneTimestampInUtcAndTextAsUtf8() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        reader(ZoneId.of("Asia/Tokyo")).read(QUERY, new ExtractWindow(null, LocalDateTime.parse("2026-01-01T00:00:01")),
                AccessPath.CURSOR_INDEX, 100, (values, cursor) -> rows.add(values));

        Object[] row = rows.get(0);
        assertThat(row[1]).isEqualTo(Utf8.of("ëvent 1"));
        assertThat(row[2]).as("TIMESTAMP column, session at +00:00").isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(row[3]).as("DATETIME cursor in Asia/Tokyo").isEqualTo(Instant.parse("2025-12-31T15:00:00Z"));
    }

    @Test
    void statusReportsTheSourceClockNoReplicationAndTheCursorZone() throws Exception {
        SourceStatus status = reader(ZoneId.of("Europe/Berlin")).status(QUERY);

        assertThat(status.utcNow()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
        assertThat(status.lag().stopped()).isFalse();
        assertThat(status.cursorZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    private static long handlerReads(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_next', 'Handler_read_key')")) {
            long total = 0;
            while (rs.next()) {
                total += rs.getLong(2);
            }
            return total;
        }
    }
}

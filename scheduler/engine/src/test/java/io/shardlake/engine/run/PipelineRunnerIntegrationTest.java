package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.ForwardingObjectStore;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole data path against real MariaDB/MySQL shards, a migrated metadata database and the
 * local object store, read back with DuckDB (an independent Parquet reader).
 */
class PipelineRunnerIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(12);

    private static final AtomicLong IDS = new AtomicLong();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path tmp;

    private Path warehouse;
    private RunRepository runs;
    private final List<RunNow> runners = new ArrayList<>();
    private RunQueue queue;

    @AfterEach
    void closeRunners() {
        runners.forEach(RunNow::close);
    }

    @BeforeAll
    static void createTables() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
    }

    @BeforeEach
    void freshState() throws Exception {
        shards.executeOnAll("TRUNCATE TABLE orders");
        warehouse = tmp.resolve("warehouse");
        javax.sql.DataSource metadata = MetadataDatabases.h2("runner" + DATABASES.incrementAndGet());
        runs = new JdbcRunRepository(metadata);
        queue = new JdbcRunQueue(metadata);
    }

    @Test
    void fullLoadWritesEveryRowOfEveryShardExactlyAsTheSourceHasIt() throws Exception {
        for (String shard : shards.shardIds()) {
            for (int i = 0; i < 20; i++) {
                insert(shard, "new", "12.30", i % 5 == 0 ? null : "ünïcødé 🚀 " + i,
                        i % 7 == 0 ? null : "{\"customer\":{\"tier\":\"gold\"},\"items\":[1,2,3]}", "UTC_TIMESTAMP(3) - INTERVAL " + (i * 3600) + " SECOND");
            }
        }

        RunRecord run = runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.totals().rowsRead()).isEqualTo(240);
        List<Map<String, Object>> lake = lake();
        List<Map<String, Object>> source = source();
        assertThat(lake).hasSize(240);
        for (int i = 0; i < lake.size(); i++) {
            Map<String, Object> out = lake.get(i);
            Map<String, Object> in = source.get(i);
            assertThat(out.get("_shard")).isEqualTo(in.get("shard"));
            assertThat(out.get("order_id")).isEqualTo(in.get("id"));
            assertThat(out.get("note")).isEqualTo(in.get("note"));
            assertThat((BigDecimal) out.get("amount")).isEqualByComparingTo((BigDecimal) in.get("amount"));
            assertThat(out.get("updated_at")).isEqualTo(in.get("updated_at"));
            assertThat(out.get("customer_tier")).isEqualTo(in.get("payload") == null ? null : "gold");
            assertThat(out.get("item_count")).isEqualTo(in.get("payload") == null ? null : 3);
            assertThat(out.get("status_lower")).isEqualTo("new");
            assertThat(out.get("_run_id")).isEqualTo(run.id());
            assertThat(out.get("dt").toString()).isEqualTo(((Instant) in.get("updated_at")).atOffset(ZoneOffset.UTC).toLocalDate().toString());
        }
        for (String shard : shards.shardIds()) {
            assertThat(runs.watermark("orders", shard)).isPresent();
        }
    }

    @Test
    void aFinishedRunLeavesNothingInTheWorkDirectory() throws Exception {
        for (String shard : shards.shardIds()) {
            insert(shard, "new", "1.00", null, null, "UTC_TIMESTAMP(3)");
        }

        assertThat(runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL").orElseThrow().state())
                .isEqualTo(RunState.SUCCEEDED);

        assertThat(tmp.resolve("work")).as("one folder per run, day after day, would fill the disk's inodes").isEmptyDirectory();
    }

    @Test
    void rowsWithEqualCursorValuesAcrossChunkBoundariesAreAllReadOnce() throws Exception {
        for (int i = 0; i < 10; i++) {
            insert("shard01", "same", "1.00", null, null, "'2026-01-01 10:00:00.500'");
        }

        runner(settings().withChunkRows(3), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL");

        assertThat(lake()).extracting(r -> r.get("order_id")).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void rereadingTheLookbackSkipsLoadedRowsButCatchesLateCommitsAtTheEdges() throws Exception {
        insert("shard01", "a", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        insert("shard01", "b", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 30 SECOND");
        RunNow runner = runner(settings(), sources(ZoneOffset.UTC, null));
        runner.run(orders(0.01), "MANUAL");
        LocalDateTime watermark = runs.watermark("orders", "shard01").orElseThrow().cursor();

        // Transactions that committed late, with cursor values already below the watermark,
        // one of them equal to the last loaded row's value.
        String loaded = sourceValue("shard01", "SELECT MAX(updated_at) FROM orders");
        insert("shard01", "late-equal", "1.00", null, null, "'" + loaded + "'");
        LocalDateTime justBelow = watermark.truncatedTo(ChronoUnit.MILLIS);
        if (!justBelow.isBefore(watermark)) {
            justBelow = justBelow.minusNanos(1_000_000);
        }
        insert("shard01", "late-edge", "1.00", null, null, "'" + MILLIS.format(justBelow) + "'");
        RunRecord second = runner.run(orders(0.01), "MANUAL").orElseThrow();
        RunRecord third = runner.run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(lake()).extracting(r -> r.get("status")).containsExactlyInAnyOrder("a", "b", "late-equal", "late-edge");
        assertThat(second.totals().rowsWritten()).isEqualTo(2);
        assertThat(runs.shardRuns(second.id())).filteredOn(s -> s.shard().equals("shard01"))
                .singleElement().satisfies(s -> assertThat(s.counts().rowsSkipped()).isEqualTo(2));
        assertThat(third.totals().rowsWritten()).isZero();
    }

    @Test
    void aRowUpdatedTwiceBetweenRunsLandsOnceMoreWithItsLatestVersion() throws Exception {
        long id = insert("shard02", "placed", "5.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 120 SECOND");
        RunNow runner = runner(settings(), sources(ZoneOffset.UTC, null));
        runner.run(orders(0.01), "MANUAL");
        shards.execute("shard02", "UPDATE orders SET status = 'paid', updated_at = UTC_TIMESTAMP(3) - INTERVAL 60 SECOND WHERE id = " + id);
        shards.execute("shard02", "UPDATE orders SET status = 'shipped', updated_at = UTC_TIMESTAMP(3) - INTERVAL 30 SECOND WHERE id = " + id);

        runner.run(orders(0.01), "MANUAL");

        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("placed", "shipped");
    }

    @Test
    void everyRowCarriesTheRunSequenceItsShardTaskTookAndALaterReadCarriesAGreaterOne() throws Exception {
        long id = insert("shard02", "placed", "5.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 120 SECOND");
        insert("shard03", "placed", "5.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 120 SECOND");
        RunNow runner = runner(settings(), sources(ZoneOffset.UTC, null));
        runner.run(orders(0.01), "MANUAL");
        shards.execute("shard02", "UPDATE orders SET status = 'paid', updated_at = UTC_TIMESTAMP(3) - INTERVAL 60 SECOND WHERE id = " + id);

        runner.run(orders(0.01), "MANUAL");

        List<Map<String, Object>> lake = lake();
        assertThat(lake).extracting(r -> r.get("_run_seq")).doesNotContainNull();
        assertThat(lake).filteredOn(r -> r.get("_shard").equals("shard02")).extracting(r -> r.get("status"))
                .containsExactly("placed", "paid");
        Map<String, Object> placed = lake.get(0);
        Map<String, Object> paid = lake.get(1);
        Map<String, Object> otherShard = lake.get(2);
        assertThat((Long) paid.get("_run_seq")).isGreaterThan((Long) placed.get("_run_seq"));
        assertThat(otherShard.get("_run_id")).isEqualTo(placed.get("_run_id"));
        assertThat(otherShard.get("_run_seq")).as("each shard task of a run takes its own").isNotEqualTo(placed.get("_run_seq"));
    }

    @Test
    void aShardThatIsDownFailsAloneWithItsReasonAndKeepsItsWatermark() throws Exception {
        insert("shard01", "ok", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        List<Shard> withDeadShard = new ArrayList<>(shardList());
        withDeadShard.add(new Shard("shard13", shards.jdbcUrl("shard01").replaceFirst("/[^/?]+(\\?|$)", "/sl_no_such_database$1")));
        SourceConnections sources = new SourceConnections(List.of(connection(withDeadShard, ZoneOffset.UTC, null)));

        RunRecord run = runner(settings(), sources).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).contains("shard13").containsIgnoringCase("unknown database");
        assertThat(runs.watermark("orders", "shard13")).isEmpty();
        assertThat(runs.watermark("orders", "shard01")).isPresent();
        assertThat(runs.shardRuns(run.id())).filteredOn(s -> s.state() == ShardRunState.SUCCEEDED).hasSize(12);
        assertThat(lake()).hasSize(1);
    }

    @Test
    void anAttemptThatCannotConnectTakesItsConnectTimeoutNotZeroSeconds() throws Exception {
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int port = closed.getLocalPort();
            closed.close(); // nothing listens there any more: every connect is refused, and the pool retries until its timeout
            List<Shard> one = List.of(new Shard("shard13", "jdbc:mysql://127.0.0.1:" + port + "/orders"));
            SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", one, ZoneOffset.UTC, shards.user(),
                    shards.password(), 2, null, new io.shardlake.connectors.source.SourceTimeouts(Duration.ofMillis(1500),
                    Duration.ofSeconds(20), Duration.ofMinutes(1)))));

            RunRecord run = runner(settings(), sources).run(orders(0.01), "MANUAL").orElseThrow();

            ShardRunRecord first = runs.shardRuns(run.id()).get(0);
            assertThat(first.state()).isEqualTo(ShardRunState.FAILED);
            assertThat(Duration.between(first.startedAt(), first.finishedAt())).as("the attempt waited for its connection")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        }
    }

    @Test
    void malformedJsonIsQuarantinedWithItsReasonCountedAndKeptOutOfTheLake() throws Exception {
        long bad = insert("shard03", "bad", "1.00", null, "{\"customer\": {\"tier\": ", "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        for (int i = 0; i < 9; i++) {
            insert("shard03", "good", "1.00", null, "{}", "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        }
        LocalObjectStore store = new LocalObjectStore(warehouse);

        RunRecord run = runner(settings(), sources(ZoneOffset.UTC, null), store).run(orders(0.5), "MANUAL").orElseThrow();

        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.totals().rowsQuarantined()).isEqualTo(1);
        assertThat(lake()).hasSize(9).extracting(r -> r.get("order_id")).doesNotContain(bad);
        List<String> quarantine = store.list("_quarantine/orders");
        assertThat(quarantine).hasSize(1);
        try (InputStream in = store.open(quarantine.get(0))) {
            String line = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(line).contains("\"primary_key\":[\"" + bad + "\"]").contains("malformed JSON").contains("payload");
        }
    }

    @Test
    void tooManyBadRowsFailTheShardWithoutWritingAnythingOrMovingItsWatermark() throws Exception {
        for (int i = 0; i < 5; i++) {
            insert("shard04", "bad", "1.00", null, "not json", "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        }
        insert("shard04", "good", "1.00", null, "{}", "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");

        RunRecord run = runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).contains("shard04").contains("5 of 6 rows").contains("quarantine.max_fraction");
        assertThat(runs.watermark("orders", "shard04")).isEmpty();
        assertThat(Files.exists(warehouse.resolve("orders"))).isFalse();
    }

    @Test
    void aFailureWhilePublishingRemovesWhatWasPublishedAndARetryLoadsEachRowOnce() throws Exception {
        insert("shard05", "day1", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 2 DAY");
        insert("shard05", "day2", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 1 DAY");
        insert("shard05", "day3", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        FailingStore failing = new FailingStore(new LocalObjectStore(warehouse), 2);

        RunRecord failed = runner(settings(), sources(ZoneOffset.UTC, null), failing).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.error()).contains("shard05").contains("injected publish failure");
        assertThat(parquetFiles()).isEmpty();
        assertThat(runs.watermark("orders", "shard05")).isEmpty();

        RunRecord retry = runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(retry.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("day1", "day2", "day3");
    }

    @Test
    void aCrashBetweenUploadAndWatermarkCommitIsCleanedUpByTheNextRunWithoutDuplicates() throws Exception {
        insert("shard06", "x", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 2 DAY");
        insert("shard06", "y", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        RunRepository crashing = new FaultyCommit(runs, false, new Error("simulated crash between upload and commit"));

        runner(settings(), sources(ZoneOffset.UTC, null), new LocalObjectStore(warehouse), crashing).run(orders(0.01), "MANUAL");
        assertThat(parquetFiles()).as("files published before the simulated crash").hasSize(2);
        assertThat(runs.watermark("orders", "shard06")).isEmpty();

        RunRecord next = runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(next.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("x", "y");
        assertThat(parquetFiles()).hasSize(2);
    }

    @Test
    void aPublishKilledMidCopyLeavesATempFileThatTheNextRunRemoves() throws Exception {
        insert("shard07", "x", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 2 DAY");
        insert("shard07", "y", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        ObjectStore killedMidCopy = new ForwardingObjectStore(new LocalObjectStore(warehouse)) {
            private final AtomicInteger publishes = new AtomicInteger();

            @Override
            public void publish(Path localFile, String key) throws IOException {
                if (publishes.incrementAndGet() == 2) {
                    // What LocalObjectStore's copy leaves when the process dies before its rename.
                    Path target = warehouse.resolve(key);
                    Files.createDirectories(target.getParent());
                    Files.writeString(target.resolveSibling("." + target.getFileName() + ".3f1e2d3a.tmp"), "partial");
                    throw new Error("simulated kill while copying " + key);
                }
                super.publish(localFile, key);
            }
        };
        try {
            runner(settings(), sources(ZoneOffset.UTC, null), killedMidCopy).run(orders(0.01), "MANUAL");
        } catch (Error expected) {
            // the "killed" task's thread is gone; its record stays PUBLISHING
        }

        RunRecord next = runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(next.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("x", "y");
        try (Stream<Path> files = Files.walk(warehouse)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("."))).as("hidden leftovers in the lake").isEmpty();
        }
    }

    @Test
    void aCommitThatLandedButReportedAnErrorKeepsItsFilesAndTheNextRunAddsNothing() throws Exception {
        insert("shard10", "x", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        RunRepository lostAck = new FaultyCommit(runs, true, new IllegalStateException("connection reset during COMMIT"));

        RunRecord first = runner(settings(), sources(ZoneOffset.UTC, null), new LocalObjectStore(warehouse), lostAck)
                .run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(first.state()).isEqualTo(RunState.FAILED);
        assertThat(first.error()).contains("shard10").contains("unknown whether the commit landed");
        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("x");
        assertThat(runs.shardRuns(first.id())).filteredOn(s -> s.shard().equals("shard10"))
                .singleElement().extracting(ShardRunRecord::state).isEqualTo(ShardRunState.SUCCEEDED);

        RunRecord next = runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(next.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("x");
    }

    @Test
    void aCommitThatFailedWithoutLandingIsCleanedUpAndReloadedByTheNextRun() throws Exception {
        insert("shard11", "y", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");
        RunRepository failing = new FaultyCommit(runs, false, new IllegalStateException("metadata database unreachable"));

        RunRecord first = runner(settings(), sources(ZoneOffset.UTC, null), new LocalObjectStore(warehouse), failing)
                .run(orders(0.01), "MANUAL").orElseThrow();
        assertThat(first.error()).contains("shard11").contains("unknown whether the commit landed");
        assertThat(runs.watermark("orders", "shard11")).isEmpty();

        runner(settings(), sources(ZoneOffset.UTC, null)).run(orders(0.01), "MANUAL");

        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("y");
        assertThat(parquetFiles()).hasSize(1);
    }

    @Test
    void stoppedReplicationBlocksTheShardAndLeavesItsWatermarkAlone() throws Exception {
        insert("shard07", "x", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");

        RunRecord run = runner(settings(), sources(ZoneOffset.UTC, "SELECT NULL")).run(orders(0.01), "MANUAL").orElseThrow();

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).contains("shard07").contains("lag query returned NULL");
        assertThat(runs.watermark("orders", "shard07")).isEmpty();
        assertThat(parquetFiles()).isEmpty();
    }

    @Test
    void replicaLagHoldsTheCeilingBackSoRecentRowsWaitForTheNextRun() throws Exception {
        insert("shard08", "old", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 2 HOUR");
        insert("shard08", "recent", "1.00", null, null, "UTC_TIMESTAMP(3) - INTERVAL 60 SECOND");

        runner(settings(), sources(ZoneOffset.UTC, "SELECT 3600")).run(orders(0.01), "MANUAL");
        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("old");

        runner(settings(), sources(ZoneOffset.UTC, "SELECT 0")).run(orders(0.01), "MANUAL");
        assertThat(lake()).extracting(r -> r.get("status")).containsExactly("old", "recent");
    }

    @Test
    void datetimeValuesAreReadInTheSourceZoneAndWrittenAsUtcInstants() throws Exception {
        insert("shard09", "ny", "1.00", null, null, "'2026-01-15 23:30:00.123'");

        runner(settings(), sources(ZoneId.of("America/New_York"), null)).run(orders(0.01), "MANUAL");

        Map<String, Object> row = lake().get(0);
        assertThat(row.get("updated_at")).isEqualTo(Instant.parse("2026-01-16T04:30:00.123Z"));
        assertThat(row.get("dt").toString()).isEqualTo("2026-01-16");
    }

    // --- fixtures -------------------------------------------------------------------------

    private static PipelineDefinition orders(double maxQuarantine) {
        return OrdersPipeline.definition("shop", maxQuarantine);
    }

    private Settings settings() {
        return new Settings(1000);
    }

    /** Engine settings with a small, adjustable chunk size. */
    private final class Settings {
        final int chunkRows;

        Settings(int chunkRows) {
            this.chunkRows = chunkRows;
        }

        Settings withChunkRows(int rows) {
            return new Settings(rows);
        }

        EngineSettings build() {
            return new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, chunkRows, 100, 1, tmp.resolve("work"), 4);
        }
    }

    private RunNow runner(Settings s, SourceConnections sources) {
        return runner(s, sources, new LocalObjectStore(warehouse));
    }

    private RunNow runner(Settings s, SourceConnections sources, ObjectStore store) {
        return runner(s, sources, store, runs);
    }

    private RunNow runner(Settings s, SourceConnections sources, ObjectStore store, RunRepository repository) {
        RunNow runner = new RunNow(new PipelineRunner(sources, repository, store, s.build(), Clock.systemUTC()), queue, runs,
                Clock.systemUTC());
        runners.add(runner);
        return runner;
    }

    private static List<Shard> shardList() {
        return shards.shardIds().stream().map(id -> new Shard(id, shards.jdbcUrl(id))).toList();
    }

    private static SourceConnection connection(List<Shard> list, ZoneId zone, String lagQuery) {
        return new SourceConnection("shop", list, zone, shards.user(), shards.password(), 2, lagQuery);
    }

    private static SourceConnections sources(ZoneId zone, String lagQuery) {
        return new SourceConnections(List.of(connection(shardList(), zone, lagQuery)));
    }

    private static long insert(String shard, String status, String amount, String note, String payload, String updatedAtSql) throws Exception {
        long id = IDS.incrementAndGet();
        try (Connection c = shards.connection(shard);
             var ps = c.prepareStatement("INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (?, ?, ?, ?, ?, " + updatedAtSql + ")")) {
            ps.setLong(1, id);
            ps.setString(2, status);
            ps.setBigDecimal(3, amount == null ? null : new BigDecimal(amount));
            ps.setString(4, note);
            ps.setString(5, payload);
            ps.executeUpdate();
        }
        return id;
    }

    private static String sourceValue(String shard, String sql) throws Exception {
        try (Connection c = shards.connection(shard); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every source row, ordered like {@link #lake()}: shard, id, updated_at as UTC instants. */
    private static List<Map<String, Object>> source() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String shard : shards.shardIds()) {
            try (Connection c = shards.connection(shard); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, amount, note, payload, CAST(updated_at AS CHAR) FROM orders ORDER BY id")) {
                while (rs.next()) {
                    Map<String, Object> row = new java.util.HashMap<>();
                    row.put("shard", shard);
                    row.put("id", rs.getLong(1));
                    row.put("amount", rs.getBigDecimal(2));
                    row.put("note", rs.getString(3));
                    row.put("payload", rs.getString(4));
                    row.put("updated_at", LocalDateTime.parse(rs.getString(5).replace(' ', 'T')).toInstant(ZoneOffset.UTC));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private List<Map<String, Object>> lake() {
        if (!Files.exists(warehouse.resolve("orders"))) {
            return List.of();
        }
        return DuckDbLake.readTable(warehouse, "orders", "_shard, order_id, updated_at");
    }

    private List<Path> parquetFiles() throws IOException {
        if (!Files.exists(warehouse)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(warehouse)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
    }

    /** An object store whose n-th publish fails, as a network error would. */
    private static final class FailingStore extends ForwardingObjectStore {
        private final int failOn;
        private final AtomicInteger publishes = new AtomicInteger();

        FailingStore(ObjectStore delegate, int failOn) {
            super(delegate);
            this.failOn = failOn;
        }

        @Override
        public void publish(Path localFile, String key) throws IOException {
            if (publishes.incrementAndGet() == failOn) {
                throw new IOException("injected publish failure for " + key);
            }
            super.publish(localFile, key);
        }
    }

    /**
     * A repository whose watermark commits fail: with {@code landed}, after the commit reached the
     * database (a connection lost during COMMIT looks like this to the caller); without, before.
     * An {@link Error} stands for a process killed at that point.
     */
    private static final class FaultyCommit implements RunRepository {
        private final RunRepository d;
        private final boolean landed;
        private final Throwable fault;

        FaultyCommit(RunRepository delegate, boolean landed, Throwable fault) {
            this.d = delegate;
            this.landed = landed;
            this.fault = fault;
        }

        @Override
        public void commitShard(ShardTaskRef task, String pipeline, ShardCounts counts, Watermark expected, Watermark next,
                                Instant nextAt, io.shardlake.engine.lake.KeyDelta.Written keys, Instant at) {
            if (landed) {
                d.commitShard(task, pipeline, counts, expected, next, nextAt, keys, at);
            }
            if (fault instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) fault;
        }

        @Override
        public int nextTaskAttempt(String runId, String shard) {
            return d.nextTaskAttempt(runId, shard);
        }

        @Override
        public long nextRunSequence() {
            return d.nextRunSequence();
        }

        @Override
        public void startShardRun(ShardTaskRef task, String pipeline, io.shardlake.connectors.source.ExtractWindow window, Instant startedAt) {
            d.startShardRun(task, pipeline, window, startedAt);
        }

        @Override
        public void markPublishing(ShardTaskRef task, int firstSeq, List<PublishedFile> files, ShardReadCost read) {
            d.markPublishing(task, firstSeq, files, read);
        }

        @Override
        public java.util.Optional<LoadCheckpoint> checkpoint(String stream, String shard) {
            return d.checkpoint(stream, shard);
        }

        @Override
        public void commitSlice(ShardTaskRef task, String stream, LoadCheckpoint expected, LoadCheckpoint next, ShardCounts counts,
                                io.shardlake.engine.lake.KeyDelta.Written keys, Instant at) {
            d.commitSlice(task, stream, expected, next, counts, keys, at);
        }

        @Override
        public void noteShardRun(ShardTaskRef task, String note) {
            d.noteShardRun(task, note);
        }

        @Override
        public void endShardRun(ShardTaskRef task, ShardRunState state, ShardCounts counts, String error, Instant at) {
            d.endShardRun(task, state, counts, error, at);
        }

        @Override
        public void recordErrorExcerpt(ShardTaskRef task, String excerpt) {
            d.recordErrorExcerpt(task, excerpt);
        }

        @Override
        public java.util.Optional<Watermark> watermark(String pipeline, String shard) {
            return d.watermark(pipeline, shard);
        }

        @Override
        public java.util.Map<String, java.time.LocalDateTime> watermarks(String pipeline) {
            return d.watermarks(pipeline);
        }

        @Override
        public List<UnfinishedShardRun> unfinishedShardRuns(String pipeline, ShardTaskRef current) {
            return d.unfinishedShardRuns(pipeline, current);
        }

        @Override
        public java.util.Optional<RunRecord> run(String runId) {
            return d.run(runId);
        }

        @Override
        public List<ShardRunRecord> shardRuns(String runId) {
            return d.shardRuns(runId);
        }

        @Override
        public List<PublishedFile> files(ShardTaskRef task) {
            return d.files(task);
        }

        @Override
        public java.util.Map<String, Instant> oldestWatermarks() {
            return d.oldestWatermarks();
        }

        @Override
        public java.util.Map<String, RunRecord> lastRuns(java.util.Collection<String> pipelines, java.util.Set<TriggerKind> kinds) {
            return d.lastRuns(pipelines, kinds);
        }

        @Override
        public List<RunRecord> recentRuns(String pipeline, int limit) {
            return d.recentRuns(pipeline, limit);
        }

        @Override
        public List<RunRecord> backfillRuns(String backfillId) {
            return d.backfillRuns(backfillId);
        }

        @Override
        public void commitChunkShard(ShardTaskRef task, String pipeline, ShardCounts counts, io.shardlake.engine.lake.KeyDelta.Written keys,
                                     Instant at) {
            d.commitChunkShard(task, pipeline, counts, keys, at);
        }

        @Override
        public java.util.Map<String, Instant> watermarkInstants(String pipeline) {
            return d.watermarkInstants(pipeline);
        }
    }
}

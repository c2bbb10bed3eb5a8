package io.shardlake.engine.history;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.metadata.JdbcRunHistory;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What the monitoring pages cost on a large history (a main, not a test; Maven profile
 * {@code bench-ui} of this module): seeds a PostgreSQL metadata database with {@code bench.pipelines}
 * pipelines (default 1,000) x {@code bench.runsPerPipeline} runs (default 1,000: 1,000,000 runs),
 * two shard tasks per run and two watermarks per pipeline, through the production migrations (V8
 * index included), then times the engine reads behind each page over one kept connection (as from a
 * pool) and prints the median of {@code bench.iterations} calls per round, for {@code bench.rounds}
 * rounds. The database ({@code bench.database}, default {@code pages_bench_ui}) is seeded once and
 * reused; {@code -Dbench.drop=true} drops it at the end. The server comes from
 * SHARDLAKE_BENCH_PG_URL (default {@code jdbc:postgresql://127.0.0.1:5432/}), user postgres.
 */
public final class MonitoringPagesBenchmark {

    private MonitoringPagesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pipelines = Integer.getInteger("bench.pipelines", 1000);
        int runsPer = Integer.getInteger("bench.runsPerPipeline", 1000);
        int iterations = Integer.getInteger("bench.iterations", 51);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String database = System.getProperty("bench.database", "pages_bench_ui");
        boolean drop = Boolean.getBoolean("bench.drop");
        String server = System.getenv().getOrDefault("SHARDLAKE_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");

        createIfMissing(server, database);
        SingleConnectionDataSource ds = new SingleConnectionDataSource(server + database, "postgres", "", true);
        try {
            MetadataDatabases.migrated(ds);
            seed(new JdbcTemplate(ds), pipelines, runsPer);

            PipelineCatalog catalog = GeneratedPipelines.catalog(pipelines);
            Instant now = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(900L * (runsPer + 1));
            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            JdbcRunHistory history = new JdbcRunHistory(ds);
            PipelineOverview overview = new PipelineOverview(() -> catalog, new JdbcRunQueue(ds), history, clock);
            QuarantineSamples quarantine = new QuarantineSamples(new LocalObjectStore(Files.createTempDirectory("bench-lake")), history);
            RunRepository runs = new JdbcRunRepository(ds);
            String detailPipeline = GeneratedPipelines.name(pipelines / 2);
            String runId = runs.recentRuns(detailPipeline, 1).get(0).id();

            Map<String, Supplier<Object>> pages = new LinkedHashMap<>();
            pages.put("list, first page", () -> overview.page(null, null, 1));
            pages.put("list, search 'p01'", () -> overview.page("p01", null, 1));
            pages.put("list, page 15", () -> overview.page(null, null, 15));
            pages.put("list, status failing", () -> overview.page(null, PipelineHealth.FAILING, 1));
            pages.put("pipeline detail", () -> {
                PipelineDetail d = overview.detail(catalog.get(detailPipeline).orElseThrow());
                return quarantine.newest(d.recentRuns(), 10);
            });
            pages.put("run detail", () -> {
                RunRecord run = runs.run(runId).orElseThrow();
                return List.of(run, history.shardRuns(List.of(runId)), history.files(runId));
            });
            check(overview, pipelines);

            System.out.printf("PostgreSQL %s: %d pipelines, %d runs, %d shard tasks; medians of %d calls (ms)%n", database, pipelines,
                    count(ds, "pipeline_run"), count(ds, "shard_run"), iterations);
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (Map.Entry<String, Supplier<Object>> page : pages.entrySet()) {
                    for (int i = 0; i < 10; i++) {
                        page.getValue().get(); // warm up
                    }
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < iterations; i++) {
                        long t = System.nanoTime();
                        page.getValue().get();
                        ms.add((System.nanoTime() - t) / 1e6);
                    }
                    Collections.sort(ms);
                    line.append(String.format("  %s %.2f", page.getKey(), ms.get(ms.size() / 2)));
                }
                System.out.println(line);
            }
        } finally {
            ds.destroy();
            if (drop) {
                try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "")) {
                    admin.createStatement().execute("DROP DATABASE " + database);
                }
            }
        }
    }

    /** Creates the PostgreSQL database unless it exists. */
    public static void createIfMissing(String server, String database) throws java.sql.SQLException {
        try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "")) {
            boolean exists;
            try (var rs = admin.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                admin.createStatement().execute("CREATE DATABASE " + database);
            }
        }
    }

    /** The pages answer what the seed says: every pipeline listed, one in 20 failing unless paused, their last runs present. */
    private static void check(PipelineOverview overview, int pipelines) {
        OverviewPage first = overview.page(null, null, 1);
        OverviewPage failing = overview.page(null, PipelineHealth.FAILING, 1);
        long expectedFailing = java.util.stream.IntStream.range(0, pipelines).filter(p -> p % 20 == 0 && p % 100 != 0).count();
        if (first.matched() != pipelines || first.rows().get(0).lastRun() == null || failing.matched() != expectedFailing) {
            throw new IllegalStateException("unexpected answers: " + first.matched() + " listed, " + failing.matched() + " failing");
        }
    }

    private static long count(SingleConnectionDataSource ds, String table) {
        return new JdbcTemplate(ds).queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /**
     * Runs every 15 minutes from 2026-01-01; the newest run of every 20th pipeline FAILED, of every
     * 50th (offset 1) RUNNING, the rest SUCCEEDED; every 100th pipeline paused. Set-based SQL, once
     * (nothing is done when the database already holds exactly that many runs). PostgreSQL only.
     */
    public static void seed(JdbcTemplate jdbc, int pipelines, int runsPer) throws Exception {
        Long runs = jdbc.queryForObject("SELECT COUNT(*) FROM pipeline_run", Long.class);
        if (runs != null && runs == (long) pipelines * runsPer) {
            return;
        }
        long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long started = System.nanoTime();
        try (Connection c = jdbc.getDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE pipeline_run, shard_run, shard_run_file, shard_watermark, pipeline_state");
            s.execute("INSERT INTO pipeline_run (id, pipeline, run_key, trigger_kind, lane, definition_version, interval_start, interval_end,"
                    + " state, queued_at, started_at, finished_at, attempt, rows_read, rows_written, rows_quarantined, files, bytes)"
                    + " SELECT 'r' || p || '-' || n, 'p' || lpad(p::text, 4, '0'), 'scheduled:' || n, 'SCHEDULED', 'INCREMENTAL', 'v1',"
                    + " " + t0 + " + (n - 1) * 900000::bigint, " + t0 + " + n * 900000::bigint,"
                    + " CASE WHEN n = " + runsPer + " AND p % 20 = 0 THEN 'FAILED' WHEN n = " + runsPer + " AND p % 50 = 1 THEN 'RUNNING'"
                    + " ELSE 'SUCCEEDED' END,"
                    + " " + t0 + " + n * 900000::bigint, " + t0 + " + n * 900000::bigint + 1000,"
                    + " CASE WHEN n = " + runsPer + " AND p % 50 = 1 THEN NULL ELSE " + t0 + " + n * 900000::bigint + 1000 + (random() * 60000)::bigint END,"
                    + " 1, 2000, 1990, 10, 2, 40960"
                    + " FROM generate_series(0, " + (pipelines - 1) + ") p, generate_series(1, " + runsPer + ") n");
            s.execute("INSERT INTO shard_run (run_id, shard, attempt, run_attempt, pipeline, state, window_from, window_until, rows_read,"
                    + " rows_written, rows_quarantined, files, bytes, started_at, finished_at, error)"
                    + " SELECT r.id, v.shard, 1, 1, r.pipeline, CASE r.state WHEN 'FAILED' THEN CASE v.shard WHEN 'shard01' THEN 'FAILED'"
                    + " ELSE 'SUCCEEDED' END ELSE r.state END, NULL, '2026-01-01 00:00:00', 1000, 995, 5, 1, 20480, r.started_at, r.finished_at,"
                    + " CASE WHEN r.state = 'FAILED' AND v.shard = 'shard01' THEN 'replica shard01 refused the connection' END"
                    + " FROM pipeline_run r CROSS JOIN (VALUES ('shard01'), ('shard02')) v(shard)");
            s.execute("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, last_run_id, updated_at)"
                    + " SELECT 'p' || lpad(p::text, 4, '0'), v.shard, '2026-01-01 00:00:00', " + t0 + " + " + runsPer + " * 900000::bigint"
                    + " - (p % 7) * 600000, 'r', 0 FROM generate_series(0, " + (pipelines - 1) + ") p CROSS JOIN (VALUES ('shard01'), ('shard02')) v(shard)");
            s.execute("INSERT INTO pipeline_state (pipeline, paused, changed_at, changed_by)"
                    + " SELECT 'p' || lpad(p::text, 4, '0'), 1, 0, 'bench' FROM generate_series(0, " + (pipelines - 1) + ", 100) p");
            s.execute("ANALYZE");
        }
        System.out.printf("seeded in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }
}

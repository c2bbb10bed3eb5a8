package io.shardlake.web.ui;

import io.shardlake.engine.history.GeneratedPipelines;
import io.shardlake.engine.history.MonitoringPagesBenchmark;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.web.api.ApiTestApplication;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The monitoring pages over HTTP on a large history (a main, not a test; Maven profile
 * {@code bench-ui} of this module): 1,000 pipeline definition files and a PostgreSQL metadata
 * database with 1,000,000 runs (seeded once by the engine benchmark's seed, then reused), the web
 * module's test service on it with 50 pipelines a page, a viewer's session; prints the median time
 * to answer each page (query, render, transfer) over {@code bench.iterations} requests, for
 * {@code bench.rounds} rounds. The server comes from SHARDLAKE_BENCH_PG_URL (default
 * {@code jdbc:postgresql://127.0.0.1:5432/}), user postgres.
 */
public final class PagesBenchmark {

    private static final int PIPELINES = 1000;
    private static final int RUNS_PER_PIPELINE = 1000;

    private PagesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = Integer.getInteger("bench.iterations", 31);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String database = System.getProperty("bench.database", "pages_bench_ui");
        String server = System.getenv().getOrDefault("SHARDLAKE_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        MonitoringPagesBenchmark.createIfMissing(server, database);
        SingleConnectionDataSource seedConnection = new SingleConnectionDataSource(server + database, "postgres", "", true);
        try {
            MetadataDatabases.migrated(seedConnection);
            MonitoringPagesBenchmark.seed(new JdbcTemplate(seedConnection), PIPELINES, RUNS_PER_PIPELINE);
        } finally {
            seedConnection.destroy();
        }
        Path definitions = Files.createTempDirectory("bench-definitions");
        for (int i = 0; i < PIPELINES; i++) {
            Files.writeString(definitions.resolve(GeneratedPipelines.name(i) + ".yaml"), GeneratedPipelines.yaml(i));
        }
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(ApiTestApplication.class)
                .properties("server.port=0", "shardlake.test.metadata-url=" + server + database, "shardlake.test.definitions=" + definitions,
                        "shardlake.test.page-size=50", "logging.level.root=WARN").run()) {
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
            String detail = GeneratedPipelines.name(PIPELINES / 2);
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("list, first page", "/pipelines");
            pages.put("list, search 'p01'", "/pipelines?q=p01");
            pages.put("list, page 15", "/pipelines?page=15");
            pages.put("list, status failing", "/pipelines?status=failing");
            pages.put("pipeline detail", "/pipelines/" + detail);
            pages.put("run detail", "/runs/r" + PIPELINES / 2 + "-" + RUNS_PER_PIPELINE); // the seed's run ids: r<pipeline>-<n>
            check(viewer, pages);
            System.out.printf("HTTP pages on PostgreSQL %s: %d pipelines, %d runs; medians of %d requests (ms)%n", database, PIPELINES,
                    (long) PIPELINES * RUNS_PER_PIPELINE, iterations);
            for (int round = 1; round <= rounds; round++) {
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    for (int i = 0; i < 10; i++) {
                        viewer.get(page.getValue()); // warm up
                    }
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < iterations; i++) {
                        long t = System.nanoTime();
                        viewer.get(page.getValue());
                        ms.add((System.nanoTime() - t) / 1e6);
                    }
                    Collections.sort(ms);
                    line.append(String.format("  %s %.1f", page.getKey(), ms.get(ms.size() / 2)));
                }
                System.out.println(line);
            }
        }
    }

    /** Every page answers 200 with what it should hold, so the timings are of real pages. */
    private static void check(Browser viewer, Map<String, String> pages) {
        for (Map.Entry<String, String> page : pages.entrySet()) {
            HttpResponse<String> answer = viewer.get(page.getValue());
            String marker = page.getKey().startsWith("list") ? "data-test=\"pipeline-row\""
                    : page.getKey().startsWith("pipeline") ? "data-test=\"grid-cell\"" : "data-test=\"shard-task\"";
            if (answer.statusCode() != 200 || !answer.body().contains(marker)) {
                throw new IllegalStateException(page.getValue() + " answered " + answer.statusCode() + " without " + marker);
            }
        }
        int rows = viewer.get("/pipelines").body().split("data-test=\"pipeline-row\"").length - 1;
        if (rows != 50) {
            throw new IllegalStateException("the first page lists " + rows + " pipelines, not 50");
        }
    }
}

package io.shardlake.app.observability;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shardlake.app.schedule.EntityEventMeters;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metrics.FreshnessMonitor;
import io.shardlake.engine.metrics.RunMetrics;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RecordedRuns;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The sample names (and their labels) that {@code /actuator/prometheus} carries once runs have
 * happened: the service's own meter code (run metrics, freshness, the queue listeners' counters)
 * records one of everything into the Prometheus registry the service uses, which is then scraped.
 * Done here rather than on a started service because a service on its embedded defaults (H2, no
 * queue, no joined view) never creates some of them: rows examined, join re-reads, entity events.
 * {@code ObservabilityIntegrationTest} checks the started service's scrape for the same names.
 */
record ExportedMetrics(Map<String, Set<String>> labelsBySample) {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    static ExportedMetrics afterRuns() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DataSource db = MetadataDatabases.h2("exported_metrics_" + UUID.randomUUID().toString().replace("-", ""));
        JdbcRunRepository runs = new JdbcRunRepository(db);
        RecordedRuns recorded = new RecordedRuns(new JdbcRunQueue(db), runs);
        RunMetrics metrics = new RunMetrics(registry, runs);
        DataInterval interval = new DataInterval(AT.minusSeconds(900), AT);

        RunRecord loaded = recorded.running("orders", interval, AT);
        metrics.runStarted(loaded, Duration.ofMillis(30));
        recorded.shardAttempt(loaded, "shard01", ShardRunState.FAILED, AT, Duration.ofSeconds(3));
        recorded.shardAttempt(loaded, "shard01", AT.plusSeconds(5), Duration.ofSeconds(7), new ShardReadCost("cursor index",
                10, 1_000, 12L, 40, List.of(new ShardReadCost.JoinRead("customers", 2, 30, 31L, 5))));
        metrics.runFinished(loaded, new RunResult(RunState.SUCCEEDED, new ShardCounts(100, 0, 97, 3, 1, 4_096), null),
                Duration.ofSeconds(12));
        // Other pipelines: one incremental run per pipeline at a time, and these stay RUNNING in the queue.
        RunRecord refused = recorded.running("order_lines", interval, AT);
        metrics.runEndedInQueue(refused, RunState.FAILED, "upstream 'customers' has not succeeded");

        recorded.watermark("customers", "shard01", AT);
        new FreshnessMonitor(runs, registry, Clock.fixed(AT.plusSeconds(60), ZoneOffset.UTC)).refresh(List.of("customers"));
        EntityEventMeters.register(registry, "https://sqs.us-east-1.amazonaws.com/123456789012/orders-events");
        return parse(registry.scrape());
    }

    /** Sample lines of the Prometheus text format: {@code name{label="value",...} number}. */
    static ExportedMetrics parse(String scrape) {
        Map<String, Set<String>> labels = new TreeMap<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(line -> {
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> of = labels.computeIfAbsent(name, n -> new TreeSet<>());
            if (brace >= 0 && brace < space) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    of.add(m.group(1));
                }
            }
        });
        return new ExportedMetrics(labels);
    }

    Set<String> names() {
        return labelsBySample.keySet();
    }
}

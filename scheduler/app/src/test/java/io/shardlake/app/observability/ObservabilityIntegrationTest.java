package io.shardlake.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardlake.app.TestLogins;
import io.shardlake.connectors.testing.WebhookReceiver;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on its embedded defaults (demo shards, H2, local lake) with the json-logs profile, a
 * webhook and two pipelines firing every two seconds: {@code customers}, which loads, and
 * {@code broken}, whose table does not exist. What an operator relies on: the Prometheus names,
 * one alert per incident, and JSON log lines that carry pipeline, run and shard.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "shardlake.demo.database-prefix=observability_demo",
        "shardlake.metrics.freshness-refresh=1s",
        // Freshness is never under the 5 s safety lag, so customers breaches at once: one alert.
        "shardlake.alerts.freshness-threshold=1s"})
@ActiveProfiles("json-logs")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class ObservabilityIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WebhookReceiver WEBHOOK = WebhookReceiver.start();
    private static final String EVERY_TWO_SECONDS = "schedule: \"*/2 * * * * ?\"";

    @TempDir
    static Path data;

    @BeforeAll
    static void definitions() throws IOException {
        freshLoggingSetup();
        Path folder = Files.createDirectories(data.resolve("definitions"));
        String customers = Files.readString(Path.of("../../dag-definitions/customers.yaml"));
        Files.writeString(folder.resolve("customers.yaml"), customers.replace("schedule: \"0 2 * * *\"", EVERY_TWO_SECONDS));
        Files.writeString(folder.resolve("broken.yaml"), """
                name: broken
                %s
                source: {connection: shop, table: no_such_table}
                transform:
                  columns:
                    - {name: id, type: bigint}
                    - {name: updated_at, type: timestamp}
                runs: {retries: 1}
                """.formatted(EVERY_TWO_SECONDS));
    }

    @DynamicPropertySource
    static void embeddedDefaultsInATempFolder(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + data.resolve("metadata/shardlake") + ";WRITE_DELAY=0");
        registry.add("shardlake.warehouse.path", () -> data.resolve("warehouse").toString());
        registry.add("shardlake.extract.work-directory", () -> data.resolve("work").toString());
        registry.add("shardlake.definitions", () -> data.resolve("definitions").toString());
        registry.add("shardlake.alerts.webhook-url", () -> WEBHOOK.url("/hooks/shardlake").toString());
    }

    @AfterAll
    static void stopWebhookAndLeaveTheConsoleAsFound() {
        WEBHOOK.close();
        // Boot also keeps the format in a system property, which the next context would inherit.
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        freshLoggingSetup();
    }

    /**
     * Logback is set up by the first Spring context of the JVM, and contexts started while it lives
     * keep that setup: undone here, so this context's json-logs profile applies (and, after, the next
     * context's settings).
     */
    private static void freshLoggingSetup() {
        LoggingSystem.get(ObservabilityIntegrationTest.class.getClassLoader()).cleanUp();
    }

    @LocalServerPort
    int port;

    @Autowired
    RunRepository runs;

    @Test
    void prometheusAlertsAndJsonLogsShowWhatTheRunsDid(CapturedOutput output) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                runs.recentRuns("customers", 50).stream().anyMatch(r -> r.trigger() == TriggerKind.SCHEDULED
                        && r.state() == RunState.SUCCEEDED)
                        && runs.recentRuns("broken", 50).stream().filter(r -> r.state() == RunState.FAILED).count() >= 3
                        && WEBHOOK.requests().size() >= 2);

        String metrics = get("/actuator/prometheus");
        assertThat(metrics).contains(
                "shardlake_runs_total{pipeline=\"customers\",state=\"succeeded\",trigger=\"first_run\"} 1",
                "shardlake_runs_total{pipeline=\"customers\",state=\"succeeded\",trigger=\"scheduled\"}",
                "shardlake_runs_total{pipeline=\"broken\",state=\"failed\",trigger=\"first_run\"} 1",
                "shardlake_run_duration_seconds_count{pipeline=\"customers\",state=\"succeeded\",trigger=\"first_run\"} 1",
                "shardlake_shard_task_duration_seconds_count{pipeline=\"customers\",state=\"succeeded\"}",
                "shardlake_shard_task_duration_seconds_count{pipeline=\"broken\",state=\"failed\"}",
                "shardlake_scheduler_trigger_delay_seconds_count{pipeline=\"customers\"}",
                "shardlake_rows_extracted_total{pipeline=\"customers\"}",
                "shardlake_rows_written_total{pipeline=\"customers\"}",
                "shardlake_rows_quarantined_total{pipeline=\"customers\"}",
                "shardlake_bytes_written_total{pipeline=\"customers\"}",
                "shardlake_freshness_seconds{pipeline=\"broken\"} NaN");
        Map<String, Set<String>> checkedAgainst = ExportedMetrics.afterRuns().labelsBySample();
        ExportedMetrics.parse(metrics).labelsBySample().forEach((name, labels) -> {
            if (name.startsWith("shardlake_")) {
                assertThat(checkedAgainst).as("MonitoringFilesTest checks the dashboard and the alerts against ExportedMetrics:"
                        + " it knows every metric the service exports, with its labels").containsEntry(name, labels);
            }
        });
        RunRecord firstLoad = runs.recentRuns("customers", 50).stream().filter(r -> r.trigger() == TriggerKind.FIRST_RUN)
                .findFirst().orElseThrow();
        assertThat(sample(metrics, "shardlake_rows_written_total{pipeline=\"customers\"}"))
                .as("at least the first load's rows").isGreaterThanOrEqualTo(firstLoad.totals().rowsWritten()).isPositive();
        assertThat(sample(metrics, "shardlake_freshness_seconds{pipeline=\"customers\"}")).isBetween(0.0, 120.0);

        List<JsonNode> alerts = WEBHOOK.requests().stream().map(r -> JSON.readTree(r.body())).toList();
        assertThat(alerts).as("three failed runs are one incident; customers stays stale: one more")
                .extracting(a -> a.get("pipeline").stringValue() + " " + a.get("kind").stringValue())
                .containsExactlyInAnyOrder("broken run_failed", "customers freshness_breach");
        JsonNode failure = alerts.stream().filter(a -> a.get("kind").stringValue().equals("run_failed")).findFirst().orElseThrow();
        assertThat(runs.run(failure.get("run_id").stringValue())).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(RunState.FAILED));
        assertThat(failure.get("reason").stringValue()).contains("no_such_table");

        JsonNode shardLine = jsonLines(output).stream()
                .filter(l -> l.has("pipeline") && l.get("pipeline").stringValue().equals("customers") && l.has("shard"))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON log line with pipeline customers and a shard"));
        assertThat(shardLine.get("shard").stringValue()).matches("shard\\d\\d");
        Optional<RunRecord> run = runs.run(shardLine.get("run").stringValue());
        assertThat(run).as("the line's run is a real run of customers")
                .hasValueSatisfying(r -> assertThat(r.pipeline()).isEqualTo("customers"));
    }

    private static List<JsonNode> jsonLines(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.startsWith("{")).map(JSON::readTree).toList();
    }

    /** The value of one Prometheus sample line, e.g. {@code name{labels} 12.0}. */
    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no sample " + series));
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", TestLogins.DEMO_ADMIN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

package io.shardlake.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardlake.connectors.testing.WebhookReceiver;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcIncidentStore;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metrics.FreshnessMonitor;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RecordedRuns;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.schedule.DataInterval;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incidents and their webhook POSTs, against a real HTTP server and the production incident table
 * (H2), with a clock moved by hand. Alert work runs on the calling thread here, so each POST has
 * arrived when the call returns, except in the test of the service's bounded queue.
 */
class IncidentAlertsTest {

    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");
    private static final DataSource DB = MetadataDatabases.h2("incident_alerts");
    private static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop"));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Executor ON_CALLER = Runnable::run;

    private final WebhookReceiver webhook = WebhookReceiver.start();
    private final SettableClock clock = new SettableClock(T);
    private final JdbcRunRepository runs = new JdbcRunRepository(DB);
    private final RecordedRuns recorded = new RecordedRuns(new JdbcRunQueue(DB), runs);
    private final FreshnessMonitor freshness = new FreshnessMonitor(runs, new SimpleMeterRegistry(), clock);
    private final Map<String, PipelineDefinition> definitions = new HashMap<>();
    // Pipeline names unique per test: the incident table is shared by the class.
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    @AfterEach
    void stopWebhook() {
        webhook.close();
    }

    private PipelineDefinition define(String name, String alerts) {
        String pipeline = name + "_" + suffix;
        PipelineDefinition d = PARSER.parse(pipeline + ".yaml", """
                name: %s
                schedule: "*/15 * * * *"
                source: {connection: shop, table: orders}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: updated_at, type: timestamp}
                %s
                """.formatted(pipeline, alerts));
        definitions.put(pipeline, d);
        return d;
    }

    private IncidentAlerts alerts(AlertSettings settings, String node, Executor executor) {
        return new IncidentAlerts(new JdbcIncidentStore(DB), new WebhookSender(Duration.ofSeconds(5)), settings,
                name -> Optional.ofNullable(definitions.get(name)), freshness, () -> node, clock, executor);
    }

    private IncidentAlerts alertsTo(URI global) {
        return alerts(new AlertSettings(global, null), "node-a", ON_CALLER);
    }

    private RunRecord run(PipelineDefinition d) {
        RunRecord run = recorded.running(d.name(), new DataInterval(clock.instant().minusSeconds(900), clock.instant()), clock.instant());
        new JdbcRunQueue(DB).finish(run, RunState.FAILED, ShardCounts.NONE, null, clock.instant());
        return run;
    }

    private static void fail(IncidentAlerts alerts, RunRecord run, String error) {
        alerts.runFinished(run, new RunResult(RunState.FAILED, ShardCounts.NONE, error), Duration.ofSeconds(5));
    }

    private static void succeed(IncidentAlerts alerts, RunRecord run) {
        alerts.runFinished(run, new RunResult(RunState.SUCCEEDED, ShardCounts.NONE, null), Duration.ofSeconds(5));
    }

    private static JsonNode body(WebhookReceiver.Request r) {
        return JSON.readTree(r.body());
    }

    @Test
    void consecutiveFailuresAlertOnceAndAFailureAfterASuccessAlertsAgain() {
        PipelineDefinition orders = define("orders", "");
        IncidentAlerts alerts = alertsTo(webhook.url("/hooks/all"));

        RunRecord first = run(orders);
        fail(alerts, first, "shard03: replica lag unknown");
        clock.advance(Duration.ofMinutes(15));
        fail(alerts, run(orders), "shard03: replica lag unknown");
        assertThat(webhook.requests()).as("the second failure is the same incident").hasSize(1);

        clock.advance(Duration.ofMinutes(15));
        succeed(alerts, run(orders));
        clock.advance(Duration.ofMinutes(15));
        RunRecord again = run(orders);
        fail(alerts, again, "shard07: Communications link failure");

        List<WebhookReceiver.Request> posts = webhook.requests();
        assertThat(posts).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hooks/all");
            assertThat(r.contentType()).isEqualTo("application/json");
        });
        JsonNode alert = body(posts.get(0));
        assertThat(alert.get("pipeline").stringValue()).isEqualTo(orders.name());
        assertThat(alert.get("kind").stringValue()).isEqualTo("run_failed");
        assertThat(alert.get("run_id").stringValue()).isEqualTo(first.id());
        assertThat(alert.get("interval").get("start").stringValue()).isEqualTo("2026-11-23T11:45:00Z");
        assertThat(alert.get("interval").get("end").stringValue()).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(alert.get("reason").stringValue()).isEqualTo("shard03: replica lag unknown");
        assertThat(alert.get("time").stringValue()).isEqualTo("2026-11-23T12:00:00Z");
        assertThat(alert.get("freshness_seconds").isNull()).as("no watermark yet").isTrue();
        assertThat(alert.get("text").stringValue()).contains(orders.name(), first.id(), "failed: shard03: replica lag unknown");
        JsonNode second = body(posts.get(1));
        assertThat(second.get("run_id").stringValue()).isEqualTo(again.id());
        assertThat(second.get("time").stringValue()).isEqualTo("2026-11-23T12:45:00Z");
    }

    @Test
    void backfillChunksNeitherOpenNorCloseAFailureIncident() {
        PipelineDefinition orders = define("orders", "");
        IncidentAlerts alerts = alertsTo(webhook.url("/hooks/all"));
        RunRecord chunk = backfillChunk(run(orders));

        fail(alerts, chunk, "shard01: table gone");
        assertThat(webhook.requests()).isEmpty();

        fail(alerts, run(orders), "shard03: replica lag unknown");
        succeed(alerts, backfillChunk(run(orders)));
        fail(alerts, run(orders), "shard03: replica lag unknown");
        assertThat(webhook.requests()).as("the chunk's success did not end the scheduled runs' incident").hasSize(1);
    }

    private static RunRecord backfillChunk(RunRecord r) {
        return new RunRecord(r.id(), r.pipeline(), "backfill:b:0", io.shardlake.engine.run.TriggerKind.BACKFILL, r.definitionVersion(),
                r.interval(), r.state(), r.queuedAt(), r.startedAt(), r.finishedAt(), r.attempt(), r.leaseOwner(), r.leaseUntil(),
                r.cancelReason(), "b", r.shardSubset(), r.totals(), r.error());
    }

    @Test
    void aRunThatFailsInTheQueueOpensTheSameIncidentAsOneThatFailsRunning() {
        PipelineDefinition daily = define("orders_daily", "");
        IncidentAlerts alerts = alertsTo(webhook.url("/hooks/all"));

        alerts.runEndedInQueue(run(daily), RunState.FAILED, "upstream 'orders' has not succeeded for [..)");
        fail(alerts, run(daily), "shard01: boom");
        alerts.runEndedInQueue(run(daily), RunState.CANCELLED, "cancelled by alice");

        assertThat(webhook.requests()).singleElement().satisfies(r ->
                assertThat(body(r).get("reason").stringValue()).startsWith("upstream 'orders' has not succeeded"));
    }

    @Test
    void aPipelinesOwnWebhookWinsAndPipelinesWithNoWebhookAreNotTracked() {
        PipelineDefinition own = define("with_hook", "alerts: {webhook: \"" + webhook.url("/hooks/own") + "\"}");
        PipelineDefinition none = define("without_hook", "");
        IncidentAlerts alerts = alerts(AlertSettings.NONE, "node-a", ON_CALLER);

        fail(alerts, run(own), "boom");
        fail(alerts, run(none), "boom");

        assertThat(webhook.requests()).singleElement().extracting(WebhookReceiver.Request::path).isEqualTo("/hooks/own");
        assertThat(new JdbcIncidentStore(DB).openIncidents()).extracting(IncidentStore.Incident::pipeline)
                .contains(own.name()).doesNotContain(none.name());
    }

    @Test
    void aFreshnessBreachAlertsOnceAndAgainAfterFreshnessRecovered() {
        PipelineDefinition orders = define("orders", "alerts: {freshness_threshold: 1h}");
        IncidentAlerts alerts = alertsTo(webhook.url("/hooks/all"));
        recorded.watermark(orders.name(), "shard01", T);
        recorded.watermark(orders.name(), "shard02", T.plusSeconds(300));
        freshness.refresh(definitions.keySet());

        clock.set(T.plus(Duration.ofMinutes(60)));
        alerts.checkFreshness(List.of(orders));
        assertThat(webhook.requests()).as("exactly at the threshold is not over it").isEmpty();
        clock.set(T.plus(Duration.ofMinutes(61)));
        alerts.checkFreshness(List.of(orders));
        clock.set(T.plus(Duration.ofMinutes(90)));
        alerts.checkFreshness(List.of(orders));
        assertThat(webhook.requests()).hasSize(1);
        JsonNode breach = body(webhook.requests().get(0));
        assertThat(breach.get("kind").stringValue()).isEqualTo("freshness_breach");
        assertThat(breach.get("freshness_seconds").longValue()).isEqualTo(61 * 60);
        assertThat(breach.get("threshold_seconds").longValue()).isEqualTo(3600);
        assertThat(breach.get("run_id").isNull()).isTrue();
        assertThat(breach.get("reason").stringValue())
                .isEqualTo("freshness 1h 1m is over the threshold of 1h: some shard has loaded nothing newer than 2026-11-23T12:00:00Z");

        recorded.watermark(orders.name(), "shard01", T.plus(Duration.ofMinutes(85)));
        recorded.watermark(orders.name(), "shard02", T.plus(Duration.ofMinutes(85)));
        freshness.refresh(definitions.keySet());
        alerts.checkFreshness(List.of(orders));
        assertThat(new JdbcIncidentStore(DB).openIncidents()).extracting(IncidentStore.Incident::pipeline).doesNotContain(orders.name());

        clock.set(T.plus(Duration.ofMinutes(85 + 61)));
        alerts.checkFreshness(List.of(orders));
        assertThat(webhook.requests()).as("a new incident after the recovery").hasSize(2);
        assertThat(body(webhook.requests().get(1)).get("time").stringValue()).isEqualTo("2026-11-23T14:26:00Z");
    }

    @Test
    void theServiceThresholdAppliesWhereAPipelineSetsNone() {
        PipelineDefinition orders = define("orders", "");
        PipelineDefinition relaxed = define("relaxed", "alerts: {freshness_threshold: 1d}");
        IncidentAlerts alerts = alerts(new AlertSettings(webhook.url("/hooks/all"), Duration.ofHours(2)), "node-a", ON_CALLER);
        recorded.watermark(orders.name(), "shard01", T);
        recorded.watermark(relaxed.name(), "shard01", T);
        freshness.refresh(definitions.keySet());

        clock.set(T.plus(Duration.ofHours(3)));
        alerts.checkFreshness(List.of(orders, relaxed));

        assertThat(webhook.requests()).singleElement().satisfies(r -> assertThat(body(r).get("pipeline").stringValue())
                .isEqualTo(orders.name()));
    }

    @Test
    void twoNodesOnOneMetadataDatabaseSendOneAlertPerIncident() {
        PipelineDefinition orders = define("orders", "alerts: {freshness_threshold: 1h}");
        IncidentAlerts nodeA = alerts(new AlertSettings(webhook.url("/hooks/all"), null), "node-a", ON_CALLER);
        IncidentAlerts nodeB = alerts(new AlertSettings(webhook.url("/hooks/all"), null), "node-b", ON_CALLER);
        recorded.watermark(orders.name(), "shard01", T);
        freshness.refresh(definitions.keySet());
        clock.set(T.plus(Duration.ofHours(2)));

        nodeA.checkFreshness(List.of(orders));
        nodeB.checkFreshness(List.of(orders));
        fail(nodeA, run(orders), "shard01: boom");
        fail(nodeB, run(orders), "shard01: boom again");

        assertThat(webhook.requests()).extracting(r -> body(r).get("kind").stringValue())
                .containsExactly("freshness_breach", "run_failed");
        assertThat(new JdbcIncidentStore(DB).openIncidents()).filteredOn(i -> i.pipeline().equals(orders.name()))
                .extracting(IncidentStore.Incident::openedBy).containsExactly("node-a", "node-a");
    }

    @Test
    void aWebhookThatRefusesTheAlertDoesNotMakeTheNextFailureAlertAgain() {
        PipelineDefinition orders = define("orders", "");
        IncidentAlerts alerts = alertsTo(webhook.url("/hooks/all"));
        webhook.answerWith(500);

        fail(alerts, run(orders), "boom");
        fail(alerts, run(orders), "boom");

        assertThat(webhook.requests()).as("at most once per incident: no resend").hasSize(1);
    }

    @Test
    void aRunThreadNeverWaitsForAWebhookThatHangs() throws Exception {
        PipelineDefinition orders = define("orders", "");
        webhook.holdAnswers();
        try (BoundedAlertQueue queue = new BoundedAlertQueue(10)) {
            IncidentAlerts alerts = alerts(new AlertSettings(webhook.url("/hooks/all"), null), "node-a", queue);
            RunRecord run = run(orders);

            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> fail(alerts, run, "boom"),
                    "the webhook holds its answer for up to the 5 s timeout; the run thread must not wait for it");

            assertThat(webhook.next(Duration.ofSeconds(10))).as("the alert still goes out, from the alert thread").isNotNull();
            webhook.release();
        }
    }

    @Test
    void aWebhookThatDoesNotAnswerIsGivenUpAfterTheTimeout() {
        webhook.holdAnswers();
        WebhookSender sender = new WebhookSender(Duration.ofMillis(300));
        Alert alert = new Alert("orders", AlertKind.RUN_FAILED, "r1", null, "boom", null, null, T);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> sender.send(webhook.url("/hooks/slow"), alert));
    }
}

package io.shardlake.web.api;

import io.shardlake.web.testing.SharedServiceTest;
import io.shardlake.web.testing.Api;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.schedule.DataInterval;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the API answers when it accepts a request, over real HTTP: the fields on-call reads for
 * each pipeline and run. The tests share one service; each starts a second after the previous one
 * (so runs have an order) with no pipeline paused.
 */
class PipelinesApiTest extends SharedServiceTest {

    @Autowired
    PipelineOperations operations;

    Api api;

    @BeforeEach
    void anAdminsClient() {
        api = new Api(port);
    }

    @Test
    void theListShowsEachPipelinesScheduleAndItsNextRunFromTheCronInItsZone() {
        Api.Answer list = api.get("/api/pipelines");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("application/json");
        JsonNode orders = pipeline(list.json(), "orders");
        assertThat(orders.get("schedule").asString()).isEqualTo("*/15 * * * *");
        assertThat(orders.get("scheduleZone").asString()).isEqualTo("UTC");
        assertThat(orders.get("paused").asBoolean()).isFalse();
        assertThat(orders.get("nextRun").asString()).as("10:07:30 → the next quarter hour").isEqualTo("2026-03-10T10:15:00Z");
        JsonNode customers = pipeline(list.json(), "customers");
        assertThat(customers.get("nextRun").asString()).as("02:00 in Berlin (UTC+1 in March)").isEqualTo("2026-03-11T01:00:00Z");
        assertThat(customers.get("dependsOn").toString()).isEqualTo("[\"orders\"]");
        assertThat(orders.has("freshnessSeconds")).as("present, null before the first commit").isTrue();
    }

    @Test
    void theListShowsTheLastRunAndItsState() {
        String id = api.post("/api/pipelines/orders/runs").json().get("id").asString();

        JsonNode orders = pipeline(api.get("/api/pipelines").json(), "orders");

        assertThat(orders.get("lastRunState").asString()).isEqualTo("QUEUED");
        assertThat(orders.get("lastRun").get("id").asString()).isEqualTo(id);
    }

    @Test
    void theLastRunIsTheNewestScheduledOrManualOneAndOtherKindsAreAFilterAway() {
        String manual = api.post("/api/pipelines/orders/runs").json().get("id").asString();
        clock.advance(Duration.ofSeconds(1));
        Instant later = clock.instant();
        RunRecord chunk = queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), "orders", "backfill:t:" + UUID.randomUUID(),
                TriggerKind.BACKFILL, "v1", new DataInterval(later.minus(Duration.ofDays(1)), later), later, null, List.of())).run();
        try {
            assertThat(pipeline(api.get("/api/pipelines").json(), "orders").get("lastRun").get("id").asString())
                    .as("a newer backfill chunk is not the last run").isEqualTo(manual);
            assertThat(api.get("/api/pipelines/orders").json().get("lastRun").get("id").asString()).isEqualTo(manual);
            assertThat(api.get("/api/pipelines/orders?runs=routine").json().get("lastRun").get("id").asString()).isEqualTo(manual);

            assertThat(pipeline(api.get("/api/pipelines?runs=backfill").json(), "orders").get("lastRun").get("id").asString())
                    .isEqualTo(chunk.id());
            assertThat(api.get("/api/pipelines/orders?runs=all").json().get("lastRun").get("id").asString()).isEqualTo(chunk.id());
            JsonNode noRebuild = api.get("/api/pipelines/orders?runs=rebuild").json();
            assertThat(noRebuild.get("lastRun").isNull()).as("no rebuild run yet").isTrue();
            assertThat(noRebuild.get("lastRunState").isNull()).isTrue();
        } finally {
            operations.cancel(chunk.id(), "test");
        }
    }

    @Test
    void anUnknownRunKindIsA400NamingTheParameterAndTheKinds() {
        String valid = "use one of routine, backfill, event, reconcile, compaction, rebuild, all";
        ApiRefusalsTest.assertFieldProblem(api.get("/api/pipelines?runs=chunks"), "runs", "unknown run filter 'chunks'; " + valid);
        ApiRefusalsTest.assertFieldProblem(api.get("/api/pipelines/orders?runs=chunks"), "runs", "unknown run filter 'chunks'; " + valid);
        ApiRefusalsTest.assertFieldProblem(api.get("/api/pipelines?runs="), "runs", "unknown run filter ''; " + valid);
    }

    @Test
    void freshnessIsTheAgeOfTheOldestShardWatermarkAndTheRunShowsItsShardTasks() {
        String id = api.post("/api/pipelines/customers/runs").json().get("id").asString();
        Instant older = now.minus(Duration.ofMinutes(20));
        Map<String, Instant> watermarks = new LinkedHashMap<>();
        watermarks.put("shard01", older);
        watermarks.put("shard02", now.minus(Duration.ofMinutes(5)));
        new ExecutedRuns(queue, runs).succeed(id, watermarks, new ShardCounts(100, 3, 97, 0, 1, 4096), now);

        JsonNode customers = api.get("/api/pipelines/customers").json();
        assertThat(customers.get("freshnessSeconds").asLong()).as("20 minutes, the older shard").isEqualTo(1200);
        assertThat(Instant.parse(customers.get("oldestWatermark").asString())).isEqualTo(older);
        assertThat(customers.get("lastRunState").asString()).isEqualTo("SUCCEEDED");

        Api.Answer detail = api.get("/api/runs/" + id);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.json().get("run").get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(detail.json().get("run").get("totals").get("rowsWritten").asLong()).isEqualTo(194);
        JsonNode shards = detail.json().get("shards");
        assertThat(StreamSupport.stream(shards.spliterator(), false).map(s -> s.get("shard").asString()))
                .containsExactly("shard01", "shard02");
        JsonNode first = shards.get(0);
        assertThat(first.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(first.get("windowUntil").asString()).as("the cursor value read up to, in the source's own text")
                .startsWith(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(older));
        assertThat(first.get("counts").get("rowsRead").asLong()).isEqualTo(100);
        JsonNode read = first.get("sourceRead");
        assertThat(read.get("accessPath").asString()).isEqualTo("primary-key scan");
        assertThat(read.get("windowRowsEstimate").asLong()).isEqualTo(1_000);
        assertThat(read.get("tableRowsEstimate").asLong()).isEqualTo(1_200);
        assertThat(read.get("rowsExamined").asLong()).isEqualTo(150);
        assertThat(read.get("rowsExaminedPerRowSent").asDouble()).as("150 examined for 100 read").isEqualTo(1.5);
        assertThat(read.get("queryMillis").asLong()).isEqualTo(420);
    }

    @Test
    void triggerAnswers202WithTheQueuedRunItsIdAndItsDataInterval() {
        Api.Answer triggered = api.post("/api/pipelines/orders/runs");

        assertThat(triggered.status()).isEqualTo(202);
        JsonNode run = triggered.json();
        assertThat(run.get("id").asString()).isNotBlank();
        assertThat(run.get("state").asString()).isEqualTo("QUEUED");
        assertThat(run.get("trigger").asString()).isEqualTo("MANUAL");
        assertThat(run.get("intervalStart").asString()).as("the schedule's previous fire").isEqualTo("2026-03-10T10:00:00Z");
        assertThat(Instant.parse(run.get("intervalEnd").asString())).as("now").isEqualTo(now);

        JsonNode newest = api.get("/api/pipelines/orders/runs?limit=1").json();
        assertThat(newest).hasSize(1);
        assertThat(newest.get(0).get("id").asString()).isEqualTo(run.get("id").asString());
        assertThat(newest.get(0).get("intervalStart").asString()).isEqualTo("2026-03-10T10:00:00Z");
        JsonNode detail = api.get("/api/runs/" + run.get("id").asString()).json();
        assertThat(Instant.parse(detail.get("run").get("intervalEnd").asString())).isEqualTo(now);
        assertThat(detail.get("shards")).as("no shard task started yet").isEmpty();
    }

    @Test
    void pauseStopsTheScheduleAndResumeRestartsIt() {
        Api.Answer paused = api.post("/api/pipelines/orders/pause");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().get("paused").asBoolean()).isTrue();
        assertThat(paused.json().get("nextRun").isNull()).as("no next run while paused").isTrue();

        Api.Answer resumed = api.post("/api/pipelines/orders/resume");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().get("pipeline").get("paused").asBoolean()).isFalse();
        assertThat(resumed.json().get("pipeline").get("nextRun").asString()).isEqualTo("2026-03-10T10:15:00Z");
        assertThat(resumed.json().get("queued")).allSatisfy(r -> assertThat(r.get("state").asString()).isEqualTo("QUEUED"));
    }

    @Test
    void cancelEndsAQueuedRunAtOnce() {
        String id = api.post("/api/pipelines/orders/runs").json().get("id").asString();

        Api.Answer cancelled = api.post("/api/runs/" + id + "/cancel");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(api.get("/api/runs/" + id).json().get("run").get("state").asString()).isEqualTo("CANCELLED");
    }

    static JsonNode pipeline(JsonNode list, String name) {
        return StreamSupport.stream(list.spliterator(), false).filter(p -> p.get("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no pipeline " + name + " in " + list));
    }
}

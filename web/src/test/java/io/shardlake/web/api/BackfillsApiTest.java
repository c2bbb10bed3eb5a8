package io.shardlake.web.api;

import io.shardlake.web.testing.Api;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.RunRepository;
import io.shardlake.connectors.testing.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The backfill endpoints over real HTTP: a dry run lists chunks and estimates and creates nothing;
 * a start answers 202 with the chunks queued; progress, pause, resume and cancel follow the
 * backfill; bad requests are 400 naming every field, unknown ids 404, conflicting actions 409,
 * and none of them changes anything.
 *
 * <p>The clock stands at 2026-03-10T10:07:30Z; the tests give "orders" watermarks at that time,
 * so partitions up to 2026-03-10 may be replaced.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackfillsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource metadata;

    @Autowired
    RunRepository runs;

    @Autowired
    SettableClock clock;

    Api api;

    @BeforeEach
    void ordersHasLoadedBothShards() {
        api = new Api(port);
        clock.advance(Duration.ofSeconds(1));
        JdbcTemplate jdbc = new JdbcTemplate(metadata);
        for (String shard : List.of("shard01", "shard02")) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM shard_watermark WHERE pipeline = 'orders' AND shard = ?", Integer.class, shard) == 0) {
                jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, last_run_id, updated_at)"
                        + " VALUES ('orders', ?, '2026-03-10 10:07:00.000000', ?, 'r0', 0)", shard,
                        ApiTestApplication.START.toEpochMilli());
            }
        }
        // each test starts with no unfinished backfill
        for (JsonNode b : api.get("/api/pipelines/orders/backfills?limit=500").json()) {
            if (List.of("ACTIVE", "PAUSED").contains(b.get("state").asString())) {
                api.post("/api/backfills/" + b.get("id").asString() + "/cancel");
            }
        }
    }

    @Test
    void aDryRunListsTheChunksWithEstimatesPerShardAndCreatesNothing() {
        int before = backfillCount();

        Api.Answer answer = api.postJson("/api/pipelines/orders/backfills",
                "{\"from\": \"2026-03-01\", \"to\": \"2026-03-04\", \"dry_run\": true, \"max_concurrency\": 1}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode plan = answer.json();
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("chunkCount").asInt()).isEqualTo(3);
        assertThat(plan.get("maxConcurrency").asInt()).isEqualTo(1);
        assertThat(plan.get("estimatedRows").asLong()).isEqualTo(3 * 2 * ApiTestApplication.ESTIMATED_ROWS);
        JsonNode first = plan.get("chunks").get(0);
        assertThat(first.get("start").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(first.get("end").asString()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(first.get("partitions").get(0).asString()).isEqualTo("dt=2026-03-01");
        assertThat(first.get("estimatedRows").get("shard02").asLong()).isEqualTo(ApiTestApplication.ESTIMATED_ROWS);
        assertThat(backfillCount()).isEqualTo(before);
    }

    @Test
    void aStartedBackfillIsFollowedPausedResumedAndCancelledOverRest() {
        Api.Answer started = api.postJson("/api/pipelines/orders/backfills",
                "{\"from\": \"2026-03-01\", \"to\": \"2026-03-03\", \"shards\": [\"shard02\"], \"allowed_window\": \"22:00-06:00\","
                        + " \"allowed_window_zone\": \"Europe/Berlin\"}");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asString();
        assertThat(started.json().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(started.json().get("allowedWindow").asString()).isEqualTo("22:00-06:00 Europe/Berlin");
        assertThat(started.json().get("progress").get("chunksTotal").asInt()).isEqualTo(2);
        assertThat(started.json().get("progress").get("chunksQueued").asInt()).isEqualTo(2);
        JsonNode chunk = started.json().get("chunks").get(0);
        assertThat(runs.run(chunk.get("runId").asString())).hasValueSatisfying(r -> {
            assertThat(r.lane().name()).isEqualTo("BACKFILL");
            assertThat(r.shardSubset()).containsExactly("shard02");
        });

        assertThat(api.post("/api/backfills/" + id + "/pause").json().get("state").asString()).isEqualTo("PAUSED");
        ApiRefusalsTest.assertProblem(api.post("/api/backfills/" + id + "/pause"), 409, "Conflict with the current state",
                "backfill " + id + " is not active (it is PAUSED)");
        assertThat(api.post("/api/backfills/" + id + "/resume").json().get("state").asString()).isEqualTo("ACTIVE");

        JsonNode cancelled = api.post("/api/backfills/" + id + "/cancel").json();
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("progress").get("chunksCancelled").asInt()).isEqualTo(2);
        ApiRefusalsTest.assertProblem(api.post("/api/backfills/" + id + "/cancel"), 409, "Conflict with the current state",
                "backfill " + id + " already ended (it is CANCELLED)");
        assertThat(api.get("/api/backfills/" + id).json().get("chunks").get(1).get("state").asString()).isEqualTo("CANCELLED");
        assertThat(ids(api.get("/api/pipelines/orders/backfills").json())).contains(id);
    }

    @Test
    void everyBadFieldOfARequestIs400AtOnceAndCreatesNothing() {
        int before = backfillCount();

        Api.Answer answer = api.postJson("/api/pipelines/orders/backfills",
                "{\"from\": \"2026-13-01\", \"to\": \"2026-03-01T06:00:00\", \"shards\": [\"shard09\"], \"max_concurrency\": 0,"
                        + " \"allowed_window\": \"late\", \"dry_run\": \"maybe\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.isProblem()).isTrue();
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("from", "to", "shards[0]", "max_concurrency", "allowed_window", "dry_run");
        assertThat(backfillCount()).isEqualTo(before);
    }

    @Test
    void aRangeIntoPartitionsScheduledRunsStillWriteIs400NamingTo() {
        clock.advance(Duration.ofDays(3)); // "to" may be up to now, but the watermarks stay at 2026-03-10
        try {
            Api.Answer answer = api.postJson("/api/pipelines/orders/backfills", "{\"from\": \"2026-03-09\", \"to\": \"2026-03-12\"}");

            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("to");
            assertThat(answer.json().get("errors").get(0).get("problem").asString()).contains("scheduled runs still write");
        } finally {
            clock.advance(Duration.ofDays(-3));
        }
    }

    @Test
    void aNullWhereAValueIsExpectedIs400AndStartsNothing() {
        int before = backfillCount();

        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/pipelines/orders/backfills",
                "{\"from\": \"2026-03-01\", \"to\": \"2026-03-02\", \"dry_run\": null}"), "dry_run",
                "must not be null; leave it out for its default");
        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/pipelines/orders/backfills",
                "{\"from\": \"2026-03-01\", \"to\": \"2026-03-02\", \"shards\": null}"), "shards",
                "must not be null; leave it out for its default");

        assertThat(backfillCount()).as("a null dry_run once started a real backfill").isEqualTo(before);
    }

    @Test
    void anUnknownFieldOrAWrongShapeIs400NamingIt() {
        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/pipelines/orders/backfills", "{\"from\": \"2026-03-01\", \"until\": \"x\"}"),
                "until", "is not a backfill field; use allowed_window, allowed_window_zone, dry_run, from, max_concurrency, shards, to");
        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/pipelines/orders/backfills",
                "{\"from\": \"2026-03-01\", \"to\": \"2026-03-02\", \"shards\": \"shard01\"}"),
                "shards", "must be a list of shard ids, e.g. [\"shard01\", \"shard02\"]");
    }

    @Test
    void anOverlappingBackfillIs409() {
        assertThat(api.postJson("/api/pipelines/orders/backfills", "{\"from\": \"2026-03-01\", \"to\": \"2026-03-05\"}").status())
                .isEqualTo(202);
        int before = backfillCount();

        Api.Answer second = api.postJson("/api/pipelines/orders/backfills", "{\"from\": \"2026-03-04\", \"to\": \"2026-03-06\"}");

        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.json().get("detail").asString()).contains("already covers part of");
        assertThat(backfillCount()).isEqualTo(before);
    }

    @Test
    void unknownPipelinesAndBackfillsAre404() {
        ApiRefusalsTest.assertProblem(api.postJson("/api/pipelines/nope/backfills", "{\"from\": \"2026-03-01\", \"to\": \"2026-03-02\"}"),
                404, "Not found", "no pipeline 'nope'");
        ApiRefusalsTest.assertProblem(api.get("/api/pipelines/nope/backfills"), 404, "Not found", "no pipeline 'nope'");
        for (String path : List.of("/api/backfills/b-none", "/api/backfills/b-none/cancel", "/api/backfills/b-none/pause",
                "/api/backfills/b-none/resume")) {
            Api.Answer answer = path.endsWith("none") ? api.get(path) : api.post(path);
            ApiRefusalsTest.assertProblem(answer, 404, "Not found", "no backfill 'b-none'");
        }
    }

    @Test
    void aPipelineThatHasNotLoadedEveryShardCannotBeBackfilled() {
        JdbcTemplate jdbc = new JdbcTemplate(metadata);
        // other tests of this context may have loaded customers: hide shard02's watermark for this one
        jdbc.update("UPDATE shard_watermark SET pipeline = 'customers_hidden' WHERE pipeline = 'customers' AND shard = 'shard02'");
        try {
            Api.Answer answer = api.postJson("/api/pipelines/customers/backfills", "{\"from\": \"2026-03-01\", \"to\": \"2026-03-02\"}");

            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("shards");
            assertThat(answer.json().get("detail").asString()).contains("shard shard02 of 'customers' has not completed its first load");
        } finally {
            jdbc.update("UPDATE shard_watermark SET pipeline = 'customers' WHERE pipeline = 'customers_hidden'");
        }
    }

    private int backfillCount() {
        return new JdbcTemplate(metadata).queryForObject("SELECT COUNT(*) FROM backfill", Integer.class);
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(b -> out.add(b.get("id").asString()));
        return out;
    }
}

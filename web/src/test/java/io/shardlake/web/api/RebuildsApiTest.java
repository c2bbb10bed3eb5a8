package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.web.testing.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The rebuild endpoints over real HTTP: a dry run estimates rows and time and creates nothing; bad
 * requests are 400 naming every field; unknown rebuilds 404; a rollback of a table never rebuilt
 * 409; the table's versions and a change waiting for a rebuild are shown. (Rebuilds end to end,
 * on real shards: {@code RebuildIntegrationTest}.)
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RebuildsApiTest {

    @LocalServerPort
    int port;

    Api api;

    @Autowired
    RunQueue queue;

    @Autowired
    SettableClock clock;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void aDryRunEstimatesEveryShardAndTheTimeAndCreatesNothing() {
        Api.Answer answer = api.postJson("/api/pipelines/orders/rebuilds", "{\"dry_run\": true, \"max_concurrency\": 1,"
                + " \"allowed_window\": \"01:00-05:00\", \"allowed_window_zone\": \"Europe/Berlin\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode plan = answer.json();
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("version").asInt()).isEqualTo(2);
        assertThat(plan.get("fromVersion").asInt()).isEqualTo(1);
        assertThat(plan.get("estimatedRows").get("shard01").asLong()).isEqualTo(ApiTestApplication.ESTIMATED_ROWS);
        assertThat(plan.get("totalEstimatedRows").asLong()).isEqualTo(2 * ApiTestApplication.ESTIMATED_ROWS);
        assertThat(plan.get("allowedWindow").asString()).contains("01:00").contains("Europe/Berlin");
        assertThat(plan.get("startsAt").isNull()).isFalse();
        assertThat(api.get("/api/pipelines/orders/rebuilds").json()).isEmpty();
    }

    @Test
    void badRequestsNameEveryFieldAndUnknownRebuildsAre404() {
        Api.Answer bad = api.postJson("/api/pipelines/orders/rebuilds", "{\"dry_run\": true, \"max_concurrency\": 0,"
                + " \"allowed_window\": \"25:00-26:00\", \"definition_version\": \"nope\"}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("definition_version", "max_concurrency", "allowed_window");
        assertThat(api.postJson("/api/pipelines/orders/rebuilds", "{\"dry_run\": \"maybe\"}").status()).isEqualTo(400);
        assertThat(api.postJson("/api/pipelines/orders/rebuilds", "{\"speed\": 3}").status()).isEqualTo(400);
        assertThat(api.get("/api/rebuilds/no-such-rebuild").status()).isEqualTo(404);
        assertThat(api.postJson("/api/pipelines/nope/rebuilds", "{\"dry_run\": true}").status()).isEqualTo(404);
    }

    @Test
    void aRebuildsProgressSaysTheRowsLoadedTheRateAndWhenTheShardsLeftWillHaveLoaded() {
        Api.Answer started = api.postJson("/api/pipelines/customers/rebuilds", "{\"max_concurrency\": 1}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asString();
        JsonNode before = api.get("/api/rebuilds/" + id).json().get("progress");
        assertThat(before.get("eta").asString()).contains("known once");
        assertThat(before.get("etaSeconds").isNull()).isTrue();

        // one of the two shards loads 1,000 rows in 100 s
        RunRecord shard = queue.queued(1_000).stream().filter(r -> id.equals(r.backfillId())).findFirst().orElseThrow();
        RunRecord loading = queue.claim(shard.id(), new RunQueue.ClaimLimits(10, 10), "node-a", clock.instant(),
                clock.instant().plusSeconds(600)).orElseThrow();
        clock.advance(Duration.ofSeconds(100));
        assertThat(queue.finish(loading, RunState.SUCCEEDED, new ShardCounts(1_000, 0, 1_000, 0, 1, 10_000), null, clock.instant()))
                .isTrue();

        JsonNode after = api.get("/api/rebuilds/" + id).json().get("progress");
        assertThat(after.get("shardsLoaded").asLong()).isEqualTo(1);
        assertThat(after.get("rowsWritten").asLong()).isEqualTo(1_000);
        assertThat(after.get("rowsPerSecond").asDouble()).isEqualTo(10.0);
        assertThat(after.get("etaSeconds").asLong()).as("the one shard left, at the loaded one's pace").isEqualTo(100);
        assertThat(after.get("eta").asString()).contains("1 chunk(s) left");
        api.post("/api/rebuilds/" + id + "/cancel");
    }

    @Test
    void aTableNeverRebuiltHasNoVersionToRollBackTo() {
        JsonNode versions = api.get("/api/pipelines/orders/table-versions").json();
        assertThat(versions.get("versions")).isEmpty();
        assertThat(versions.get("pending").isNull()).isTrue();

        Api.Answer rollback = api.post("/api/pipelines/orders/rollback");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(409);
        assertThat(rollback.body()).contains("never rebuilt");
    }
}

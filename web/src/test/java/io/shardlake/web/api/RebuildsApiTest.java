package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.web.testing.Api;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    void aTableNeverRebuiltHasNoVersionToRollBackTo() {
        JsonNode versions = api.get("/api/pipelines/orders/table-versions").json();
        assertThat(versions.get("versions")).isEmpty();
        assertThat(versions.get("pending").isNull()).isTrue();

        Api.Answer rollback = api.post("/api/pipelines/orders/rollback");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(409);
        assertThat(rollback.body()).contains("never rebuilt");
    }
}

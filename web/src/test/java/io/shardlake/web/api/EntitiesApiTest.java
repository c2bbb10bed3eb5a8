package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.SharedServiceTest;
import io.shardlake.web.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/pipelines/{name}/entities}: who may send events, what is stored, and what is refused whole. */
class EntitiesApiTest extends SharedServiceTest {

    @Autowired
    JdbcEntityEvents events;

    @Test
    void anOperatorsEventsAreStoredForThePipelinesNextEventRun() {
        int before = waiting();

        Api.Answer r = Api.as(port, TestUsers.OPERATOR).postJson("/api/pipelines/customers/entities",
                "{\"events\": [{\"shard\": \"shard01\", \"key\": [7]}, {\"shard\": \"shard02\", \"key\": [8], \"op\": \"delete\","
                        + " \"updated_at\": \"2026-12-07T10:00:00Z\"}]}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("queued").asInt()).isEqualTo(2);
        assertThat(waiting()).isEqualTo(before + 2);
    }

    @Test
    void aBatchWithABadEventIsRefusedWholeNamingEachField() {
        int before = waiting();

        Api.Answer r = Api.as(port, TestUsers.OPERATOR).postJson("/api/pipelines/customers/entities",
                "{\"events\": [{\"shard\": \"shard01\", \"key\": [7]}, {\"shard\": \"shard09\", \"key\": [1, 2], \"op\": \"upsrt\","
                        + " \"updated_at\": \"yesterday\", \"colour\": \"red\"}]}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("events[1].shard", "events[1].key", "events[1].op", "events[1].updated_at", "events[1].colour");
        assertThat(waiting()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void aPipelineThatTakesNoEventsIs409AndAnUnknownOne404() {
        String body = "{\"events\": [{\"shard\": \"shard01\", \"key\": [1]}]}";

        assertThat(Api.as(port, TestUsers.OPERATOR).postJson("/api/pipelines/orders/entities", body).status()).isEqualTo(409);
        assertThat(Api.as(port, TestUsers.OPERATOR).postJson("/api/pipelines/nothing/entities", body).status()).isEqualTo(404);
    }

    @Test
    void viewersAndAnalystsMayNotSendEvents() {
        String body = "{\"events\": [{\"shard\": \"shard01\", \"key\": [1]}]}";

        assertThat(Api.as(port, TestUsers.VIEWER).postJson("/api/pipelines/customers/entities", body).status()).isEqualTo(403);
        assertThat(Api.as(port, TestUsers.ANALYST).postJson("/api/pipelines/customers/entities", body).status()).isEqualTo(403);
    }

    @Test
    void anApplicationsEventsTokenSendsEventsAndReadsNothing() {
        Api app = Api.withAuthorization(port, "Bearer " + TestUsers.EVENTS_TOKEN);

        assertThat(app.postJson("/api/pipelines/customers/entities", "{\"events\": [{\"shard\": \"shard01\", \"key\": [3]}]}")
                .status()).isEqualTo(202);
        assertThat(app.get("/api/pipelines").status()).isEqualTo(403);
        assertThat(app.post("/api/pipelines/customers/runs").status()).isEqualTo(403);
    }

    private int waiting() {
        return events.waiting().stream().mapToInt(w -> w.events()).sum();
    }
}

package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.TestUsers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistrationApiTest {

    @LocalServerPort
    int port;

    private Api api;

    @BeforeEach
    void setUp() {
        api = Api.as(port, TestUsers.ANALYST);
    }

    /** A draft of the H2 shop's orders table, as a REST client sends it. */
    static String draft(String name, String schedule, String compression) {
        return """
                {"name": "%s", "description": "Orders over REST", "connection": "shop", "table": "orders",
                 "columns": [{"source": "id", "name": "order_id", "type": "bigint"}, {"source": "status", "type": "string"},
                             {"source": "amount", "type": "decimal(12,2)"}, {"source": "updated_at", "type": "timestamp"}],
                 "cursor": "updated_at", "primaryKey": ["id"],
                 "json": [{"column": "payload", "fields": [{"path": "$.customer.tier", "name": "customer_tier", "type": "string"},
                                                           {"path": "$.items", "name": "item_count", "type": "int", "function": "length"}]}],
                 "partitionGranularity": "day", "schedule": "%s", "scheduleZone": "UTC", "compression": "%s"}
                """.formatted(name, schedule, compression);
    }

    static String request(String draft, String extra) {
        return "{\"draft\": " + draft + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    @Test
    void sourcesAreListedByNameOnlyAndTheirTablesFromTheCatalog() {
        Api.Answer sources = api.get("/api/sources");
        assertThat(sources.status()).isEqualTo(200);
        assertThat(sources.json().toString()).isEqualTo("[{\"name\":\"shop\"}]");

        Api.Answer tables = api.get("/api/sources/shop/tables");
        assertThat(tables.json().toString()).isEqualTo("[\"customers\",\"orders\"]");

        Api.Answer orders = api.get("/api/sources/shop/tables/orders");
        assertThat(orders.status()).isEqualTo(200);
        assertThat(orders.json().get("primaryKey").toString()).isEqualTo("[\"id\"]");
        assertThat(orders.json().get("columns").get(2).get("suggestedType").asString()).isEqualTo("decimal(12,2)");
        JsonNode payload = orders.json().get("jsonPaths").get("payload");
        assertThat(payload.get(0).get("path").asString()).isEqualTo("$.customer.tier");
        assertThat(payload.get(1).get("function").asString()).isEqualTo("length");
        for (Api.Answer a : List.of(sources, tables, orders)) {
            assertThat(a.body()).doesNotContain(RegistrationShop.PASSWORD, "jdbc:", "reader");
        }
    }

    @Test
    void unknownConnectionsAndTablesAre404sAndNoTextReachesSql() {
        assertThat(api.get("/api/sources/crm/tables").status()).isEqualTo(404);
        // No semicolon: Spring Security's firewall refuses an encoded ';' with 400 before any controller runs.
        Api.Answer evil = api.get("/api/sources/shop/tables/orders%60%20OR%20%271%27%3D%271%22%20--");
        assertThat(evil.status()).isEqualTo(404);
        assertThat(evil.isProblem()).isTrue();
        assertThat(api.get("/api/sources/shop/tables").json().toString()).contains("orders");
    }

    @Test
    void aPreviewShowsRowsQuarantineAndTheParquetSchemaAndSavesNothing() {
        Api.Answer preview = api.postJson("/api/registrations/preview?rows=10", request(draft("orders_preview", "@hourly", "snappy"), ""));

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("rows")).hasSize(5);
        assertThat(preview.json().get("rows").get(0).get(4).asString()).isEqualTo("gold");
        assertThat(preview.json().get("quarantined").get(0).get("reason").asString()).contains("payload");
        assertThat(preview.json().get("parquetSchema").asString()).contains("optional binary customer_tier (STRING);");
        assertThat(api.get("/api/pipelines/orders_preview/versions").status()).isEqualTo(404);
    }

    @Test
    void aScheduleCheckGivesTheNextFiveFiresOrTheProblem() {
        Api.Answer ok = api.postJson("/api/registrations/schedule-check", "{\"schedule\": \"0 2 * * *\", \"zone\": \"America/Sao_Paulo\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("nextFires").get(0).asString()).isEqualTo("2026-03-11T02:00-03:00");
        assertThat(ok.json().get("nextFires")).hasSize(5);

        Api.Answer fast = api.postJson("/api/registrations/schedule-check",
                "{\"schedule\": \"*/5 * * * *\", \"allowAnyInterval\": true}");
        assertThat(fast.status()).as("the override is an ADMIN's; this caller is none").isEqualTo(400);
        assertThat(fields(fast.json())).containsExactly("schedule");
        assertThat(fast.json().get("nextFires")).hasSize(5);
    }

    @Test
    void invalidDraftsAreFieldErrorsAndSaveNothing() {
        String bad = draft("orders_bad", "*/5 * * * *", "lz4").replace("\"source\": \"status\"", "\"source\": \"state\"");

        Api.Answer refused = api.postJson("/api/registrations", request(bad, ""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.isProblem()).isTrue();
        assertThat(fields(refused.json())).containsExactlyInAnyOrder("compression", "schedule", "columns[1].source");
        assertThat(api.get("/api/pipelines/orders_bad/versions").status()).isEqualTo(404);

        Api.Answer fileName = api.postJson("/api/registrations", request(draft("orders", "@hourly", "snappy"), ""));
        assertThat(fileName.status()).isEqualTo(400);
        assertThat(fileName.json().get("errors").get(0).toString())
                .isEqualTo("{\"field\":\"name\",\"problem\":\"defined by api-definitions/orders.yaml: edit the file\"}");
        assertThat(api.postJson("/api/registrations", "{}").status()).isEqualTo(400);
    }

    @Test
    void oversizedFieldsAre400sNamingTheFieldAndLimitAndSaveNothing() {
        String longDescription = draft("orders_long", "@hourly", "snappy")
                .replace("\"description\": \"Orders over REST\"", "\"description\": \"" + "x".repeat(4_001) + "\"");
        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/registrations", request(longDescription, "")), "description",
                "is 4001 characters long; at most 4000 are accepted");
        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/registrations/preview", request(longDescription, "")), "description",
                "is 4001 characters long; at most 4000 are accepted");

        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/registrations", request(draft("orders_long", "@hourly", "snappy"),
                "\"comment\": \"" + "c".repeat(4_001) + "\"")), "comment", "is 4001 characters long; at most 4000 are accepted");

        String longPath = draft("orders_long", "@hourly", "snappy").replace("$.customer.tier", "$." + "p".repeat(200));
        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/registrations", request(longPath, "")), "json[0].fields[0].path",
                "is 202 characters long; at most 128 are accepted");

        ApiRefusalsTest.assertFieldProblem(api.postJson("/api/registrations/schedule-check",
                "{\"schedule\": \"" + "1".repeat(129) + "\"}"), "schedule", "is 129 characters long; at most 128 are accepted");
        assertThat(api.get("/api/pipelines/orders_long/versions").status()).isEqualTo(404);
    }

    @Test
    void aDescriptionOfExactly4000CharactersIsTaken() {
        String full = draft("orders_full_description", "@hourly", "snappy")
                .replace("\"description\": \"Orders over REST\"", "\"description\": \"" + "x".repeat(4_000) + "\"");

        assertThat(api.postJson("/api/registrations", request(full, "")).status()).isEqualTo(201);
    }

    @Test
    void registeringThenEditingKeepsEveryVersionWithDiffAndExport() {
        RegistrationShop.AUDIT.clear();
        Api.Answer created = api.postJson("/api/registrations", request(draft("orders_api", "*/15 * * * *", "snappy"), "\"comment\": \"first\""));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.json().get("author").asString()).isEqualTo(TestUsers.ANALYST);
        assertThat(api.get("/api/pipelines/orders_api").status()).as("in the catalog at once").isEqualTo(200);
        assertThat(api.postJson("/api/registrations", request(draft("orders_api", "@hourly", "snappy"), "")).status())
                .as("registered already").isEqualTo(400);

        Api.Answer noBase = api.send("PUT", "/api/registrations/orders_api", request(draft("orders_api", "@hourly", "zstd"), ""));
        ApiRefusalsTest.assertFieldProblem(noBase, "baseVersion",
                "is required: the version your edit started from, e.g. \"baseVersion\": 3 (GET /api/pipelines/{name}/versions)");
        ApiRefusalsTest.assertFieldProblem(api.send("PUT", "/api/registrations/orders_api",
                request(draft("orders_api", "@hourly", "zstd"), "\"baseVersion\": 0")), "baseVersion", "must be 1 or more: versions are numbered from 1, was 0");
        Api.Answer same = api.send("PUT", "/api/registrations/orders_api", request(draft("orders_api", "*/15 * * * *", "snappy"),
                "\"baseVersion\": 1"));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("created").asBoolean()).isFalse();

        Api.Answer edited = api.send("PUT", "/api/registrations/orders_api",
                request(draft("orders_api", "*/15 * * * *", "zstd"), "\"baseVersion\": 1, \"comment\": \"smaller files\""));
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);
        Api.Answer stale = api.send("PUT", "/api/registrations/orders_api",
                request(draft("orders_api", "@hourly", "zstd"), "\"baseVersion\": 1"));
        assertThat(stale.status()).isEqualTo(409);

        JsonNode versions = api.get("/api/pipelines/orders_api/versions").json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1).get("comment").asString()).isEqualTo("smaller files");
        assertThat(api.get("/api/pipelines/orders_api/versions/1").json().get("yaml").asString()).contains("compression: snappy");
        assertThat(api.get("/api/pipelines/orders_api/versions/3").status()).isEqualTo(404);
        assertThat(api.get("/api/pipelines/orders_api/versions/1/diff/2").json().get("lines").toString())
                .contains("-  compression: snappy", "+  compression: zstd");

        Api.Answer yaml = api.get("/api/pipelines/orders_api/definition.yaml");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(yaml.body()).startsWith("# orders_api.yaml: registered pipeline orders_api, version 2, saved by analyst at ")
                .contains("compression: zstd");
        assertThat(api.get("/api/pipelines/orders/definition.yaml").body()).as("a file's own text").contains("name: orders");
        assertThat(api.get("/api/pipelines/nope/definition.yaml").status()).isEqualTo(404);
        assertThat(RegistrationShop.AUDIT).containsExactly(new AuditEntry(TestUsers.ANALYST, "pipeline.register", "orders_api", "version 1"),
                new AuditEntry(TestUsers.ANALYST, "pipeline.edit", "orders_api", "version 2"));
    }

    @Test
    void aDraftsExtraCarriesEveryOtherKeyWithErrorsAtTheirDefinitionPaths() {
        String withExtra = draft("orders_extra", "@hourly", "snappy").replaceFirst("}\\s*$", """
                , "extra": {"transform": {"derived": [{"name": "order_day", "expression": "date(updated_at)", "type": "date"}]},
                            "depends_on": ["customers"], "runs": {"retries": 5, "catchup": "all"}}}
                """);
        Api.Answer saved = api.postJson("/api/registrations", request(withExtra, ""));
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        assertThat(saved.json().get("yaml").asString()).contains("derived:", "- name: order_day", "depends_on:", "retries: 5");

        Api.Answer refused = api.postJson("/api/registrations", request(withExtra.replace("orders_extra", "orders_extra2")
                .replace("\"retries\": 5", "\"retries\": 50").replace("\"type\": \"date\"", "\"type\": \"dat\""), ""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(fields(refused.json())).containsExactlyInAnyOrder("runs.retries", "transform.derived[0].type");

        Api.Answer twice = api.postJson("/api/registrations", request(withExtra.replace("orders_extra", "orders_extra3")
                .replace("\"depends_on\"", "\"source\": {\"table\": \"customers\"}, \"depends_on\""), ""));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(fields(twice.json())).containsExactly("source.table");
    }
}

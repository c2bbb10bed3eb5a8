package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What on-call's actions leave in the audit log, read back through {@code GET /api/audit} and the
 * {@code /audit} page: who, what, to which pipeline; refused actions leave nothing.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shardlake.test.context=audit")
class AuditApiTest {

    @LocalServerPort
    int port;

    @Test
    void actionsThatTookEffectAreRecordedWithWhoAskedAndRefusedOnesAreNot() {
        Api operator = Api.as(port, TestUsers.OPERATOR);
        String run = operator.post("/api/pipelines/customers/runs").json().get("id").asString();
        operator.post("/api/runs/" + run + "/cancel");
        assertThat(operator.post("/api/pipelines/customers/pause").status()).isEqualTo(200);
        assertThat(operator.post("/api/pipelines/customers/pause").status()).as("already paused").isEqualTo(409);
        assertThat(operator.post("/api/pipelines/customers/runs").status()).as("paused").isEqualTo(409);
        assertThat(Api.as(port, TestUsers.VIEWER).post("/api/pipelines/customers/resume").status()).isEqualTo(403);
        assertThat(operator.post("/api/pipelines/customers/resume").status()).isEqualTo(200);

        JsonNode entries = Api.as(port, TestUsers.VIEWER).get("/api/audit?subject=customers").json().get("entries");

        assertThat(entries).extracting(e -> e.get("action").asString())
                .containsExactly("pipeline.resume", "pipeline.pause", "run.cancel", "pipeline.trigger");
        assertThat(entries).allSatisfy(e -> assertThat(e.get("actor").asString()).isEqualTo("operator"));
        assertThat(entries.get(2).get("detail").asString()).isEqualTo("run " + run);
        assertThat(entries.get(0).get("at").asString()).isEqualTo(ApiTestApplication.START.toString());
    }

    @Test
    void pagesOfTheApiGoOnFromNextBefore() {
        Api operator = Api.as(port, TestUsers.OPERATOR);
        for (int i = 0; i < 3; i++) {
            operator.post("/api/pipelines/orders/runs");
        }
        JsonNode first = new Api(port).get("/api/audit?subject=orders&limit=2").json();
        long before = first.get("nextBefore").asLong();
        JsonNode second = new Api(port).get("/api/audit?subject=orders&limit=2&before=" + before).json();

        assertThat(first.get("entries")).hasSize(2);
        assertThat(second.get("entries")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("id").asLong()).isLessThan(before));
    }

    @Test
    void aBadLimitIsA400NamingTheField() {
        Api.Answer answer = new Api(port).get("/api/audit?limit=0");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(answer.json().get("errors").get(0).get("problem").asString()).isEqualTo("must be between 1 and 500, was 0");
    }

    @Test
    void anUnknownFilterIsA400NamingItInsteadOfReturningEverything() {
        ApiRefusalsTest.assertFieldProblem(new Api(port).get("/api/audit?user=admin&pipeline=orders"), "pipeline",
                "is not an audit filter; use action, actor, before, limit, subject");
    }

    @Test
    void theAuditPageShowsEntriesNewestFirstFilteredByUserAndPipeline() {
        Api.as(port, TestUsers.OPERATOR).post("/api/pipelines/orders/pause");
        Api.as(port, TestUsers.ADMIN).post("/api/pipelines/orders/resume");
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);

        HttpResponse<String> page = viewer.get("/audit?pipeline=orders&user=admin");

        assertThat(page.statusCode()).isEqualTo(200);
        List<String> actions = cells(page.body(), "audit-action");
        assertThat(actions).first().isEqualTo("pipeline.resume");
        assertThat(actions).doesNotContain("pipeline.pause"); // that was the operator
        assertThat(cells(page.body(), "audit-actor")).containsOnly("admin");
        assertThat(cells(page.body(), "audit-subject")).containsOnly("orders");
        assertThat(cells(page.body(), "audit-when").get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(page.body()).contains("data-test=\"audit-row\"").doesNotContain("style=").doesNotContain("<script");
    }

    @Test
    void aBadParameterOnTheAuditPageIsA400PageNotJson() {
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);

        for (String before : List.of("abc", "0x10", "")) {
            HttpResponse<String> page = viewer.get("/audit?before=" + before);

            assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("<h1>Bad request</h1>").contains("before: ")
                    .doesNotContain("\"status\"").doesNotContain("problem+json");
        }
    }

    private static List<String> cells(String html, String test) {
        Matcher m = Pattern.compile("data-test=\"" + test + "\">([^<]*)<").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

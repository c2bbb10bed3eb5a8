package io.shardlake.web.api;

import io.shardlake.web.testing.SharedServiceTest;
import io.shardlake.web.testing.Api;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.ShardCounts;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every way the API refuses a request, over real HTTP: an {@code application/problem+json} body
 * with the right status (404 unknown pipeline, run or route; 409 an action the state does not
 * allow; 405 a wrong method; 400 naming the field), and nothing changed by the refusal: pause
 * flags and every run, with its state, are the same after it as before.
 */
class ApiRefusalsTest extends SharedServiceTest {

    Api api;

    @BeforeEach
    void anAdminsClient() {
        api = new Api(port);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,  /api/pipelines/nope",
            "GET,  /api/pipelines/nope/runs",
            "POST, /api/pipelines/nope/runs",
            "POST, /api/pipelines/nope/pause",
            "POST, /api/pipelines/nope/resume"})
    void anUnknownPipelineIs404OnEveryPipelineEndpointAndChangesNothing(String method, String path) {
        List<Object> before = everything();

        Api.Answer answer = api.send(method, path, null);

        assertProblem(answer, 404, "Not found", "no pipeline 'nope'");
        assertThat(answer.json().get("instance").asString()).isEqualTo(path);
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeAnythingReadsIt() {
        List<Object> before = everything();
        String huge = "{\"draft\": {\"name\": \"big\", \"description\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
        long start = System.nanoTime();

        Api.Answer answer = api.postJson("/api/registrations", huge);

        assertProblem(answer, 413, "Payload Too Large", "the request body is " + huge.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + " bytes; at most 1048576 are accepted (shardlake.security.max-request-bytes)");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(everything()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /api/runs/no-such-run", "POST, /api/runs/no-such-run/cancel"})
    void anUnknownRunIs404(String method, String path) {
        List<Object> before = everything();

        assertProblem(api.send(method, path, null), 404, "Not found", "no run 'no-such-run'");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void triggeringAPausedPipelineIs409AndQueuesNoRun() {
        assertThat(api.post("/api/pipelines/orders/pause").status()).isEqualTo(200);
        List<Object> before = everything();

        Api.Answer answer = api.post("/api/pipelines/orders/runs");

        assertProblem(answer, 409, "Conflict with the current state", "pipeline 'orders' is paused; resume it first");
        assertThat(everything()).isEqualTo(before);
        assertThat(api.get("/api/pipelines/orders").json().get("paused").asBoolean()).isTrue();
    }

    @Test
    void pausingAPausedPipelineIs409AndLeavesItPaused() {
        assertThat(api.post("/api/pipelines/orders/pause").status()).isEqualTo(200);
        List<Object> before = everything();

        assertProblem(api.post("/api/pipelines/orders/pause"), 409, "Conflict with the current state",
                "pipeline 'orders' is already paused");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void resumingAPipelineThatIsNotPausedIs409AndQueuesNoCatchUp() {
        List<Object> before = everything();

        assertProblem(api.post("/api/pipelines/orders/resume"), 409, "Conflict with the current state",
                "pipeline 'orders' is not paused");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void cancellingARunThatSucceededIs409AndLeavesItAsItEnded() {
        String id = api.post("/api/pipelines/customers/runs").json().get("id").asString();
        new ExecutedRuns(queue, runs).succeed(id, Map.of("shard01", now.minusSeconds(60)), new ShardCounts(5, 0, 5, 0, 1, 100), now);
        List<Object> before = everything();
        String detail = api.get("/api/runs/" + id).body();

        assertProblem(api.post("/api/runs/" + id + "/cancel"), 409, "Conflict with the current state",
                "run " + id + " already ended SUCCEEDED");
        assertThat(everything()).isEqualTo(before);
        assertThat(api.get("/api/runs/" + id).body()).isEqualTo(detail);
    }

    @Test
    void cancellingARunTwiceIs409TheSecondTime() {
        String id = api.post("/api/pipelines/orders/runs").json().get("id").asString();
        assertThat(api.post("/api/runs/" + id + "/cancel").status()).isEqualTo(200);
        List<Object> before = everything();

        assertProblem(api.post("/api/runs/" + id + "/cancel"), 409, "Conflict with the current state",
                "run " + id + " already ended CANCELLED");
        assertThat(everything()).isEqualTo(before);
    }

    @ParameterizedTest(name = "limit={0}")
    @ValueSource(strings = {"0", "-1", "501"})
    void aLimitOutOfRangeIs400NamingLimit(String limit) {
        assertFieldProblem(api.get("/api/pipelines/orders/runs?limit=" + limit), "limit", "must be between 1 and 500, was " + limit);
    }

    @ParameterizedTest(name = "limit={0}")
    @ValueSource(strings = {"ten", "0x10", "%2B5", "1e2", "5.0", "%205", "5%00"})
    void aLimitThatIsNotPlainDigitsIs400NamingLimit(String limit) {
        String shown = java.net.URLDecoder.decode(limit, java.nio.charset.StandardCharsets.UTF_8).replace("\u0000", "U+0000");
        for (String path : List.of("/api/pipelines/orders/runs", "/api/pipelines/orders/backfills", "/api/audit")) {
            assertFieldProblem(api.get(path + "?limit=" + limit), "limit",
                    "'" + shown + "' is not a whole number; use digits only, from 1 to 500");
        }
    }

    @Test
    void anEmptyLimitIs400NotTheDefault() {
        for (String path : List.of("/api/pipelines/orders/runs", "/api/pipelines/orders/backfills", "/api/audit")) {
            assertFieldProblem(api.get(path + "?limit="), "limit", "is empty; use digits only, from 1 to 500");
        }
    }

    @ParameterizedTest(name = "before={0}")
    @CsvSource(value = {"abc|'abc' is not a whole number; use digits only, from 1 to 9223372036854775807",
            "0|must be between 1 and 9223372036854775807, was 0",
            "\"\"|is empty; use digits only, from 1 to 9223372036854775807"}, delimiter = '|', quoteCharacter = '"', emptyValue = "")
    void aBeforeThatIsNotAnEntryIdIs400NamingBefore(String before, String problem) {
        assertFieldProblem(api.get("/api/audit?before=" + before), "before", problem);
    }

    @ParameterizedTest(name = "rows={0}")
    @CsvSource(value = {"-1|must be between 1 and 100, was -1", "0|must be between 1 and 100, was 0",
            "101|must be between 1 and 100, was 101", "\"\"|is empty; use digits only, from 1 to 100",
            "0x10|'0x10' is not a whole number; use digits only, from 1 to 100"}, delimiter = '|', quoteCharacter = '"', emptyValue = "")
    void previewRowsThatAreNotFrom1To100Are400NotTheDefault(String rows, String problem) {
        assertFieldProblem(api.postJson("/api/registrations/preview?rows=" + rows,
                RegistrationApiTest.request(RegistrationApiTest.draft("orders_preview", "@hourly", "snappy"), "")), "rows", problem);
    }

    static Stream<Arguments> lenientBackfillValues() {
        return Stream.of(
                Arguments.of("{\"from\": \"2026-03-01\\u0000\", \"to\": \"2026-03-02\", \"dry_run\": true}", "from",
                        "'2026-03-01U+0000' contains the control character U+0000 at position 11; remove it; use a date such as"
                                + " 2026-11-01 (a whole UTC day) or an instant such as 2026-11-01T06:00:00Z"),
                Arguments.of("{\"from\": \"2026-03-01\", \"to\": \"2026-03-02\", \"allowed_window\": \"24:00-01:00\", \"dry_run\": true}",
                        "allowed_window", "'24:00-01:00' has an invalid time; use HH:mm-HH:mm from 00:00 to 23:59, e.g. 22:00-06:00"),
                Arguments.of("{\"from\": \"2026-03-01\", \"to\": \"2026-03-02\", \"max_concurrency\": \"+2\", \"dry_run\": true}",
                        "max_concurrency", "'+2' is not a whole number; use 1 to 8, e.g. 2"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("lenientBackfillValues")
    void backfillValuesAreReadStrictly(String body, String field, String problem) {
        List<Object> before = everything();

        assertFieldProblem(api.postJson("/api/pipelines/orders/backfills", body), field, problem);
        assertThat(everything()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /api/pipeline", "GET, /api/pipelines/orders/run", "GET, /api", "POST, /api/pipelines/orders/rerun",
            "DELETE, /api/nothing/here"})
    void anUnknownRouteUnderApiIs404ProblemJson(String method, String path) {
        assertProblem(api.send(method, path, null), 404, "Not found",
                "no endpoint " + method + " " + path + "; the API is described at /v3/api-docs");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "DELETE, /api/pipelines/orders,       GET",
            "POST,   /api/pipelines,              GET",
            "PUT,    /api/pipelines/orders/runs,  'GET, POST'",
            "GET,    /api/pipelines/orders/pause, POST",
            "GET,    /api/runs/some-run/cancel,   POST"})
    void aWrongMethodIs405ProblemJsonNamingTheAllowedOnes(String method, String path, String allowed) {
        List<Object> before = everything();

        Api.Answer answer = api.send(method, path, null);

        assertProblem(answer, 405, "Method not allowed", method + " is not allowed on " + path + "; use " + allowed);
        assertThat(answer.allow().split(",\\s*")).containsExactlyInAnyOrder(allowed.split(",\\s*"));
        assertThat(everything()).isEqualTo(before);
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("{", "body", "is not valid JSON at line 1, column 2: Unexpected end-of-input: expected close marker for Object"),
                Arguments.of("{\"maxConcurrency\": \"two\"}", "maxConcurrency", "'two' is not a whole number"),
                Arguments.of("{\"maxConcurrency\": null}", "maxConcurrency", "must be a whole number"),
                Arguments.of("{\"dryRun\": \"maybe\"}", "dryRun", "'maybe' is not true or false"),
                Arguments.of("{\"windows\": 3}", "windows", "must be a list"),
                Arguments.of("{\"maxConcurrency\": 1, \"windows\": [{\"from\": \"2026-01-01T00:00:00Z\"}, {\"from\": \"yesterday\"}]}",
                        "windows[1].from", "'yesterday' is not an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z"),
                Arguments.of("[1]", "body", "must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void aBodyThatCannotBeReadIs400NamingTheField(String body, String field, String problem) {
        assertFieldProblem(api.postJson(RequestShapesController.BODY, body), field, problem);
    }

    @Test
    void aMissingBodyIs400() {
        assertFieldProblem(api.send("POST", RequestShapesController.BODY, null), "body", "a JSON body is required");
    }

    @Test
    void aMissingRequiredParameterIs400NamingIt() {
        assertFieldProblem(api.get(RequestShapesController.REQUIRED), "shard", "is required");
    }

    /** Everything a refused request could have changed: pause flags, and every run with its state. */
    private List<Object> everything() {
        return List.of(queue.pausedPipelines(), runs.recentRuns("orders", 500), runs.recentRuns("customers", 500),
                runs.recentRuns("nope", 500));
    }

    static void assertProblem(Api.Answer answer, int status, String title, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.isProblem()).as("content type " + answer.contentType()).isTrue();
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isEqualTo(title);
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
    }

    static void assertFieldProblem(Api.Answer answer, String field, String problem) {
        assertProblem(answer, 400, "Invalid request", field + ": " + problem);
        assertThat(answer.json().get("errors")).hasSize(1);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(answer.json().get("errors").get(0).get("problem").asString()).isEqualTo(problem);
    }
}

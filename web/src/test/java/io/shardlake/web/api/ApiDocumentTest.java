package io.shardlake.web.api;

import io.shardlake.web.testing.Api;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.RunState;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document the service serves at /v3/api-docs: every endpoint of the web module is in
 * it with a summary, refusals are described as problem responses, and the views name the fields
 * on-call reads.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    JsonNode document;

    @BeforeEach
    void fetchTheDocument() {
        Api.Answer answer = new Api(port).get(ApiDocument.PATH);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        document = answer.json();
    }

    @Test
    void theYamlDocumentIsServedToAnApiClientWithBasicCredentials() {
        Api.Answer yaml = Api.as(port, io.shardlake.web.testing.TestUsers.VIEWER).get(ApiDocument.PATH + ".yaml", "*/*");

        assertThat(yaml.status()).as("the README offers it; it was behind the pages' login form").isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi:");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "get,  /api/pipelines",
            "get,  /api/pipelines/{name}",
            "post, /api/pipelines/{name}/runs",
            "post, /api/pipelines/{name}/pause",
            "post, /api/pipelines/{name}/resume",
            "get,  /api/pipelines/{name}/runs",
            "get,  /api/runs/{id}",
            "post, /api/runs/{id}/cancel",
            "get,  /api/definition-errors"})
    void theDocumentDescribesEachEndpointWithASummary(String method, String path) {
        assertThat(document.get("openapi").asString()).startsWith("3.");
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as(method + " " + path + " in the document").isTrue();
        assertThat(operation.path("summary").asString()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
            "get,  /api/pipelines,               200 400",
            "get,  /api/pipelines/{name},        200 400 404",
            "post, /api/pipelines/{name}/runs,   202 404 409",
            "post, /api/pipelines/{name}/pause,  200 404 409",
            "post, /api/pipelines/{name}/resume, 200 404 409",
            "get,  /api/pipelines/{name}/runs,   200 400 404",
            "get,  /api/runs/{id},               200 404",
            "post, /api/runs/{id}/cancel,        200 202 404 409"})
    void eachOperationListsItsAnswersAndItsRefusalsAsProblems(String method, String path, String codes) {
        JsonNode responses = document.path("paths").path(path).path(method).path("responses");

        assertThat(fieldNames(responses)).containsExactlyInAnyOrder(codes.split(" "));
        for (String code : codes.split(" ")) {
            JsonNode response = resolve(responses.get(code));
            if (code.startsWith("4")) {
                assertThat(response.path("content").path(ApiDocument.PROBLEM_JSON).path("schema").path("$ref").asString())
                        .as(code).isEqualTo("#/components/schemas/" + ApiDocument.PROBLEM);
            } else {
                assertThat(response.path("content").path("application/json").path("schema").isObject()).as(code).isTrue();
            }
        }
    }

    @Test
    void theProblemSchemaHasTheFieldListOfA400() {
        JsonNode problem = document.path("components").path("schemas").path(ApiDocument.PROBLEM).path("properties");

        assertThat(fieldNames(problem)).contains("title", "status", "detail", "instance", "errors");
        assertThat(fieldNames(problem.path("errors").path("items").path("properties"))).containsExactly("field", "problem");
    }

    @Test
    void theViewsNameTheFieldsOnCallReads() {
        JsonNode schemas = document.path("components").path("schemas");
        String[] runStates = Arrays.stream(RunState.values()).map(Enum::name).toArray(String[]::new);

        JsonNode pipeline = schemas.path("Pipeline").path("properties");
        assertThat(fieldNames(pipeline)).contains("name", "schedule", "scheduleZone", "paused", "nextRun", "lastRunState", "lastRun",
                "freshnessSeconds", "dependsOn");
        assertThat(pipeline.path("nextRun").path("format").asString()).isEqualTo("date-time");
        assertThat(pipeline.path("freshnessSeconds").path("description").asString()).contains("oldest shard watermark");
        assertThat(values(pipeline.path("lastRunState").path("enum"))).containsExactly(runStates);

        JsonNode run = schemas.path("Run").path("properties");
        assertThat(fieldNames(run)).contains("id", "state", "intervalStart", "intervalEnd", "queuedAt", "startedAt", "finishedAt",
                "attempt", "totals", "error");
        assertThat(values(run.path("state").path("enum"))).containsExactly(runStates);
        assertThat(schemas.path("RunDetail").path("properties").path("shards").path("items").path("$ref").asString())
                .isEqualTo("#/components/schemas/ShardTask");
        assertThat(fieldNames(schemas.path("ShardTask").path("properties"))).contains("shard", "attempt", "state", "windowFrom",
                "windowUntil", "counts", "error", "sourceRead");
        assertThat(fieldNames(schemas.path("SourceRead").path("properties"))).containsExactlyInAnyOrder("accessPath",
                "windowRowsEstimate", "tableRowsEstimate", "rowsExamined", "rowsExaminedPerRowSent", "queryMillis", "joins");
        assertThat(fieldNames(schemas.path("JoinRead").path("properties"))).containsExactlyInAnyOrder("join", "changedRows", "rowsSent",
                "rowsExamined", "rowsExaminedPerRowSent", "queryMillis");
    }

    /** Springdoc documents every controller it finds; this keeps it so (no endpoint hidden, none without a summary). */
    @Test
    void everyEndpointOfTheWebModuleIsInTheDocument() {
        List<String> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            Class<?> controller = e.getValue().getBeanType();
            if (!controller.getPackageName().startsWith("io.shardlake.web") || controller.isAnnotationPresent(Hidden.class)) {
                continue;
            }
            assertThat(e.getKey().getMethodsCondition().getMethods()).as(e.getValue() + " declares its HTTP method").isNotEmpty();
            for (String path : e.getKey().getPathPatternsCondition().getPatternValues()) {
                for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
                    String endpoint = method + " " + path;
                    endpoints.add(endpoint);
                    JsonNode operation = document.path("paths").path(path).path(method.name().toLowerCase());
                    assertThat(operation.path("summary").asString()).as(endpoint + " documented with a summary").isNotBlank();
                }
            }
        }
        assertThat(endpoints).as("the web module's endpoints").hasSizeGreaterThanOrEqualTo(9);
    }

    private JsonNode resolve(JsonNode response) {
        String ref = response.path("$ref").asString("");
        if (ref.isEmpty()) {
            return response;
        }
        assertThat(ref).startsWith("#/components/responses/");
        JsonNode target = document.path("components").path("responses").path(ref.substring("#/components/responses/".length()));
        assertThat(target.isObject()).as(ref + " resolves").isTrue();
        return target;
    }

    private static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    private static List<String> values(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }
}

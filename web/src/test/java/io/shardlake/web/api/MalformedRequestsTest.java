package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.web.testing.RawHttp;
import io.shardlake.web.testing.SharedServiceTest;
import io.shardlake.web.testing.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests refused before any controller sees them (by Tomcat's connector, Spring Security's
 * firewall, or the servlet container's error dispatch) over a raw socket, so the request line
 * arrives exactly as written: every refusal is still {@code application/problem+json} with the
 * RFC 9457 fields, for API paths and API clients; a browser asking for a page gets an HTML page.
 */
class MalformedRequestsTest extends SharedServiceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = "Authorization: " + TestUsers.basic(TestUsers.ADMIN);

    RawHttp http;

    @BeforeEach
    void aRawClient() {
        http = new RawHttp(port);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET,   /api/pipelines%2Forders,           400",
            "GET,   /api/pipelines/orders%00,          400",
            "GET,   /api/pipelines/%2e%2e/pipelines,   400",
            "GET,   /api/pipelines/../pipelines,       400",
            "GET,   /api/pipelines;jsessionid=abc,     400",
            "GET,   /api/pipelines/orders;x=1/runs,    400",
            "FOO,   /api/pipelines,                    501",
            "TRACE, /api/pipelines,                    405",
            "TRACE, /pipelines,                        405",
            "GET,   /pipelines%2Forders,               400",
            "GET,   /pipelines/orders%00,              400"})
    void aRequestRefusedBeforeTheControllersIsProblemJson(String method, String target, int status) {
        for (String accept : new String[] {"Accept: application/json", "Accept: */*"}) {
            RawHttp.Answer answer = http.send(method, target, ADMIN, accept);

            assertProblem(answer, status);
        }
    }

    @Test
    void anUnknownMethodIs501NamingTheMethodsTheServiceAnswers() {
        RawHttp.Answer answer = http.send("FOO", "/api/pipelines", ADMIN);

        assertProblem(answer, 501);
        assertThat(JSON.readTree(answer.body()).get("detail").asString())
                .isEqualTo("'FOO' is not a method this service knows; it answers GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    }

    @Test
    void traceIs405WithAnAllowHeaderAndEchoesNothing() {
        RawHttp.Answer answer = http.send("TRACE", "/api/pipelines", ADMIN);

        assertProblem(answer, 405);
        assertThat(answer.headers().get("allow")).contains("GET").doesNotContain("TRACE");
        assertThat(answer.body()).doesNotContain("Authorization");
    }

    @Test
    void aSemicolonIsRefusedSayingSo() {
        RawHttp.Answer answer = http.send("GET", "/api/pipelines;jsessionid=abc", ADMIN);

        assertProblem(answer, 400);
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).contains("\";\"");
        assertThat(JSON.readTree(answer.body()).get("instance").asString()).isEqualTo("/api/pipelines;jsessionid=abc");
    }

    @Test
    void anEncodedSlashIsRefusedByTheServerAsProblemJson() {
        RawHttp.Answer answer = http.send("GET", "/api/pipelines%2Forders", ADMIN);

        assertProblem(answer, 400);
        assertThat(answer.body()).doesNotContain("Tomcat");
    }

    @Test
    void aPageUnderApiIsProblemJsonEvenForABrowser() {
        assertProblem(http.send("GET", "/api/pipelines;x=1", ADMIN, "Accept: text/html"), 400);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/pipelines;x=1", "/pipelines/orders%00", "/pipelines%2Forders"})
    void aBrowserAskingForAMalformedPageGetsAnHtmlPage(String target) {
        RawHttp.Answer answer = http.send("GET", target, "Accept: text/html,application/xhtml+xml,*/*;q=0.8");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).contains("Bad request").doesNotContain("Apache Tomcat").doesNotContain("Whitelabel");
    }

    private static void assertProblem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.headers() + "\n" + answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("type").asString()).isEqualTo("about:blank");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }
}

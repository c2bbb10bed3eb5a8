package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.registration.RegisteredPipelineStore;
import io.shardlake.web.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Autowired;
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

    @Autowired
    RegisteredPipelineStore registered;

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
    void aChunkedBodyOverTheLimitIs413BeforeAnythingReadsIt() {
        int before = registeredVersions();
        byte[] huge = ("{\"draft\": {\"name\": \"big\", \"description\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = http.postChunked("/api/registrations", "application/json", huge, 64 * 1024, ADMIN);

        assertProblem(answer, 413);
        assertThat(JSON.readTree(answer.body()).get("detail").asString()).isEqualTo("the request body (sent without a length) is over"
                + " 1048576 bytes; at most 1048576 are accepted (shardlake.security.max-request-bytes)");
        assertThat(registeredVersions()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() {
        byte[] body = "{\"schedule\": \"0 2 * * *\", \"zone\": \"UTC\"}".getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = http.postChunked("/api/registrations/schedule-check", "application/json", body, 7, ADMIN,
                "Accept: application/json");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("nextFires").get(0).asString()).isEqualTo("2026-03-11T02:00Z");
    }

    @Test
    void aChunkedFormOverTheLimitLogsNobodyIn() throws Exception {
        String fields = "username=admin&password=" + TestUsers.password(TestUsers.ADMIN);
        String[] small = loginPage();
        assertThat(http.postChunked("/login", "application/x-www-form-urlencoded", (fields + small[1]).getBytes(StandardCharsets.UTF_8), 64,
                small[0]).headers().get("location")).as("the same form, small, logs in").doesNotContain("error");
        String[] large = loginPage();
        // over shardlake.security.max-request-bytes (1 MiB), under Tomcat's own default (2 MiB)
        byte[] body = (fields + large[1] + "&pad=" + "x".repeat(1536 * 1024)).getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = http.postChunked("/login", "application/x-www-form-urlencoded", body, 64 * 1024, large[0]);

        assertThat(answer.status()).as(answer.headers() + answer.body()).isNotEqualTo(302);
    }

    /** A fresh session on the login page: its cookie header and {@code &_csrf=} with its token, so only the size can refuse a post. */
    private String[] loginPage() throws Exception {
        java.net.CookieManager cookies = new java.net.CookieManager();
        String page = java.net.http.HttpClient.newBuilder().cookieHandler(cookies).build().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/login")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        return new String[] {"Cookie: " + cookies.getCookieStore().getCookies().get(0), "&_csrf=" + csrf.group(1)};
    }

    private int registeredVersions() {
        return registered.versions("big").size();
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

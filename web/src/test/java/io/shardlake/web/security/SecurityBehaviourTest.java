package io.shardlake.web.security;

import static io.shardlake.web.testing.TestUsers.ADMIN;
import static io.shardlake.web.testing.TestUsers.OPERATOR;
import static io.shardlake.web.testing.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.web.api.ApiTestApplication;
import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Logging in and out, CSRF, API credentials and tokens, the security headers, and the login audit,
 * over real HTTP.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shardlake.test.context=security")
class SecurityBehaviourTest {

    @LocalServerPort
    int port;

    @Test
    void theApiRefusesMissingAndWrongCredentialsWith401ProblemsAndAChallenge() {
        Api.Answer none = Api.anonymous(port).get("/api/pipelines");
        Api.Answer wrongPassword = Api.withAuthorization(port, TestUsers.basic(VIEWER, "wrong")).get("/api/pipelines");
        Api.Answer wrongToken = Api.withAuthorization(port, "Bearer not-a-token").get("/api/pipelines");

        for (Api.Answer a : new Api.Answer[] {none, wrongPassword, wrongToken}) {
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.json().get("title").asString()).isEqualTo("Unauthorized");
            assertThat(a.json().get("instance").asString()).isEqualTo("/api/pipelines");
            assertThat(a.header("WWW-Authenticate")).isEqualTo("Basic realm=\"shardlake\", Bearer realm=\"shardlake\"");
            assertThat(a.header("Set-Cookie")).as("the API keeps no session").isNull();
        }
        assertThat(none.json().get("detail").asString()).contains("send HTTP Basic credentials or an API token");
        assertThat(wrongToken.json().get("detail").asString()).contains("not valid");
    }

    @Test
    void aMissingRoleIsA403ProblemNamingTheRoles() {
        Api.Answer answer = Api.as(port, VIEWER).post("/api/pipelines/orders/pause");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.json().get("detail").asString()).isEqualTo("your roles [VIEWER] do not allow POST /api/pipelines/orders/pause");
    }

    @Test
    void anApiTokenAuthenticatesAsItsNameWithItsRoles() {
        Api token = Api.withAuthorization(port, "Bearer " + TestUsers.VIEWER_TOKEN);

        assertThat(token.get("/api/pipelines").status()).isEqualTo(200);
        assertThat(token.post("/api/pipelines/orders/runs").status()).as("VIEWER only").isEqualTo(403);
        assertThat(token.post("/api/pipelines/orders/runs").json().get("detail").asString()).contains("[VIEWER]");
    }

    @Test
    void theLoginPageLogsInWithTheCsrfTokenAndSaysWhenTheLoginFailed() {
        Browser browser = new Browser(port);
        HttpResponse<String> page = browser.get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"_csrf\"").contains("data-test=\"login-form\"").contains("/css/app.css")
                .doesNotContain("data-test=\"login-error\"");

        HttpResponse<String> failed = browser.logIn(VIEWER, "wrong");
        assertThat(failed.statusCode()).isEqualTo(302);
        assertThat(failed.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("data-test=\"login-error\"");

        assertThat(browser.get("/audit").statusCode()).as("still anonymous").isEqualTo(302);
        HttpResponse<String> ok = browser.logIn(VIEWER, TestUsers.password(VIEWER));
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        HttpResponse<String> audit = browser.get("/audit");
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("data-test=\"current-user\">viewer<").contains(">VIEWER<");
    }

    @Test
    void aLoginWithoutTheCsrfTokenIsRefused() {
        Browser browser = new Browser(port);
        browser.get("/login");

        HttpResponse<String> answer = browser.postWithout("/login", Map.of("username", VIEWER, "password", TestUsers.password(VIEWER)));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(browser.get("/audit").statusCode()).as("not logged in").isEqualTo(302);
    }

    @Test
    void aPagePostWithoutTheCsrfTokenIsRefusedAndLogoutNeedsIt() {
        Browser browser = Browser.loggedIn(port, OPERATOR);

        assertThat(browser.postWithout("/pipelines/orders/actions/pause", Map.of()).statusCode()).isEqualTo(403);
        assertThat(browser.postWithout("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(browser.get("/audit").statusCode()).as("still logged in").isEqualTo(200);

        HttpResponse<String> logout = browser.post("/logout", Map.of());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(browser.get("/audit").statusCode()).as("logged out").isEqualTo(302);
        assertThat(browser.get("/login?logout").body()).contains("data-test=\"logged-out\"");
    }

    @Test
    void aRefusedPageSaysSoInAPage() {
        HttpResponse<String> refused = Browser.loggedIn(port, VIEWER).get("/pipelines/new");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(refused.body()).contains("data-test=\"forbidden\"").doesNotContain("style=");
    }

    @Test
    void pagesAndTheApiSendTheSecurityHeaders() {
        HttpResponse<String> page = new Browser(port).get("/login");
        Api.Answer api = new Api(port).get("/api/pipelines");

        for (java.net.http.HttpHeaders h : new java.net.http.HttpHeaders[] {page.headers(), api.headers()}) {
            assertThat(h.firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
            assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(h.firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(h.firstValue("Referrer-Policy")).hasValue("same-origin");
            assertThat(h.firstValue("Strict-Transport-Security")).as("only over HTTPS").isEmpty();
        }
    }

    @Test
    void refusedLoginsAreAuditedWithoutTheNameTriedAndViewersSeeNoAttemptedName() {
        new Browser(port).logIn("mallory-typed-this", "guess-" + "s3cret");
        Browser.loggedIn(port, OPERATOR);
        Api.withAuthorization(port, TestUsers.basic("mallory-typed-this", "api-" + "s3cret")).get("/api/pipelines");

        JsonNode failures = Api.as(port, VIEWER).get("/api/audit?action=login.failure").json().get("entries");
        JsonNode successes = new Api(port).get("/api/audit?action=login.success&actor=operator").json().get("entries");

        assertThat(failures).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("anonymous");
            assertThat(e.toString()).doesNotContain("mallory").doesNotContain("s3cret");
        });
        assertThat(Browser.loggedIn(port, VIEWER).get("/audit").body()).contains("login.failure").doesNotContain("mallory");
        assertThat(successes).as("a successful login keeps its user").isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("subject").asString()).isEqualTo(OPERATOR));
        assertThat(new Api(port).get("/api/audit?action=login.success&actor=" + ADMIN).json().get("entries"))
                .as("API requests are not logins").isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() {
        HttpResponse<String> page = new Browser(port).get("/login");

        assertThat(page.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement().satisfies(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Lax"));
    }
}

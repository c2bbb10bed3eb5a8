package io.shardlake.web.security;

import static io.shardlake.web.testing.TestUsers.ADMIN;
import static io.shardlake.web.testing.TestUsers.ANALYST;
import static io.shardlake.web.testing.TestUsers.OPERATOR;
import static io.shardlake.web.testing.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.web.api.ApiTestApplication;
import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.Browser;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every URL rule of the conventions, over real HTTP, for anonymous visitors and each role: the
 * API answers 401 without credentials and 403 for a missing role (problem+json), pages redirect
 * anonymous visitors to the login page and answer 403 for a missing role. "Allowed" is any other
 * answer (200, 202, 400, 404, 405, 409): endpoints that do not exist yet are covered by pattern, so
 * a refused role is refused before any 404. Actions aim at pipelines, runs and backfills that do not
 * exist, so allowed calls change nothing.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shardlake.test.context=role-matrix")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {

    private static final List<String> USERS = List.of(VIEWER, ANALYST, OPERATOR, ADMIN);
    private static final Set<String> EVERYONE = Set.copyOf(USERS);
    private static final Set<String> ANALYSTS = Set.of(ANALYST, ADMIN);
    private static final Set<String> OPERATORS = Set.of(OPERATOR, ADMIN);
    private static final Set<String> ADMINS = Set.of(ADMIN);

    record Rule(String method, String path, Set<String> allowed) {
        @Override
        public String toString() {
            return method + " " + path + " → " + allowed;
        }
    }

    static Stream<Rule> apiRules() {
        return Stream.of(
                new Rule("GET", "/api/pipelines", EVERYONE),
                new Rule("GET", "/api/pipelines/orders", EVERYONE),
                new Rule("GET", "/api/pipelines/orders/runs", EVERYONE),
                new Rule("GET", "/api/pipelines/orders/backfills", EVERYONE),
                new Rule("GET", "/api/runs/none", EVERYONE),
                new Rule("GET", "/api/backfills/none", EVERYONE),
                new Rule("GET", "/api/definition-errors", EVERYONE),
                new Rule("GET", "/api/audit", EVERYONE),
                new Rule("GET", "/api/anything-new", EVERYONE),
                new Rule("GET", "/v3/api-docs", EVERYONE),
                new Rule("GET", "/v3/api-docs.yaml", EVERYONE),
                new Rule("GET", "/api/sources", ANALYSTS),
                new Rule("GET", "/api/sources/shop/tables", ANALYSTS),
                new Rule("GET", "/api/sources/shop/tables/orders/columns", ANALYSTS),
                new Rule("POST", "/api/registrations", ANALYSTS),
                new Rule("PUT", "/api/registrations/orders", ANALYSTS),
                new Rule("POST", "/api/registrations/preview", ANALYSTS),
                new Rule("POST", "/api/registrations/schedule-check", ANALYSTS),
                new Rule("GET", "/api/registrations/orders", ANALYSTS),
                new Rule("POST", "/api/pipelines/none/runs", OPERATORS),
                new Rule("POST", "/api/pipelines/none/pause", OPERATORS),
                new Rule("POST", "/api/pipelines/none/resume", OPERATORS),
                new Rule("POST", "/api/runs/none/cancel", OPERATORS),
                new Rule("POST", "/api/pipelines/none/backfills", OPERATORS),
                new Rule("POST", "/api/backfills/none/cancel", OPERATORS),
                new Rule("POST", "/api/backfills/none/pause", OPERATORS),
                new Rule("POST", "/api/backfills/none/resume", OPERATORS),
                new Rule("DELETE", "/api/pipelines/orders", ADMINS),
                new Rule("POST", "/api/pipelines", ADMINS),
                new Rule("POST", "/api/anything-new", ADMINS),
                new Rule("PUT", "/api/sources/shop", ADMINS),
                new Rule("GET", "/actuator/prometheus", EVERYONE),
                new Rule("GET", "/actuator/metrics", ADMINS));
    }

    static Stream<Rule> pageRules() {
        return Stream.of(
                new Rule("GET", "/", EVERYONE),
                new Rule("GET", "/pipelines", EVERYONE),
                new Rule("GET", "/pipelines/orders", EVERYONE),
                new Rule("GET", "/pipelines/orders/versions/3", EVERYONE),
                new Rule("GET", "/pipelines/orders/versions/2/diff/3", EVERYONE),
                new Rule("GET", "/pipelines/orders/definition.yaml", EVERYONE),
                new Rule("GET", "/runs/none", EVERYONE),
                new Rule("GET", "/audit", EVERYONE),
                new Rule("GET", "/pipelines/new", ANALYSTS),
                new Rule("GET", "/pipelines/orders/edit", ANALYSTS),
                new Rule("GET", "/register/catalog/tables", ANALYSTS),
                new Rule("POST", "/register/preview", ANALYSTS),
                new Rule("POST", "/register/save", ANALYSTS),
                new Rule("POST", "/pipelines/none/actions/trigger", OPERATORS),
                new Rule("POST", "/pipelines/none/actions/pause", OPERATORS),
                new Rule("POST", "/pipelines/none/backfills/plan", OPERATORS),
                new Rule("POST", "/pipelines/none/backfills/start", OPERATORS),
                new Rule("POST", "/backfills/none/cancel", OPERATORS),
                new Rule("POST", "/runs/none/cancel", OPERATORS),
                new Rule("POST", "/pipelines/orders", ADMINS),
                new Rule("GET", "/settings", ADMINS),
                new Rule("POST", "/pipelines/orders/edit", ADMINS));
    }

    @LocalServerPort
    int port;

    private Map<String, Browser> browsers;

    @BeforeAll
    void logIn() {
        browsers = new java.util.HashMap<>();
        USERS.forEach(u -> browsers.put(u, Browser.loggedIn(port, u)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiRules")
    void apiAnswers401Then403OrLetsIn(Rule rule) {
        Api.Answer anonymous = Api.anonymous(port).send(rule.method(), rule.path(), null);
        assertThat(anonymous.status()).as("anonymous").isEqualTo(401);
        assertThat(anonymous.isProblem()).isTrue();
        assertThat(anonymous.header("WWW-Authenticate")).contains("Basic").contains("Bearer");

        List<String> wrong = new ArrayList<>();
        for (String user : USERS) {
            Api.Answer answer = Api.as(port, user).send(rule.method(), rule.path(), rule.method().equals("GET") ? null : "{}");
            boolean allowed = rule.allowed().contains(user);
            if (allowed ? answer.status() == 401 || answer.status() == 403 : answer.status() != 403 || !answer.isProblem()) {
                wrong.add(user + " got " + answer.status() + " " + answer.body());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pageRules")
    void pagesRedirectAnonymousVisitorsToLoginThen403OrLetIn(Rule rule) {
        HttpResponse<String> anonymous = page(new Browser(port), rule);
        assertThat(anonymous.statusCode()).as("anonymous").isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        List<String> wrong = new ArrayList<>();
        for (String user : USERS) {
            HttpResponse<String> answer = page(browsers.get(user), rule);
            int status = answer.statusCode();
            boolean toLogin = status == 302 && answer.headers().firstValue("Location").orElse("").endsWith("/login");
            boolean allowed = rule.allowed().contains(user);
            if (allowed ? status == 401 || status == 403 || toLogin : status != 403) {
                wrong.add(user + " got " + status + " " + answer.headers().firstValue("Location").orElse(""));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A GET, or a form post with a fresh CSRF token (so only the role decides). */
    private static HttpResponse<String> page(Browser browser, Rule rule) {
        if (rule.method().equals("GET")) {
            return browser.get(rule.path());
        }
        browser.get("/login");
        return browser.post(rule.path(), Map.of());
    }

    @Test
    void theLoginPageStylesheetAndScriptsNeedNoLogin() {
        Browser anonymous = new Browser(port);
        assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/css/app.css").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/js/none.js").statusCode()).as("not found, not a redirect to the login").isEqualTo(404);
    }
}

package io.shardlake.web.security;

import static io.shardlake.web.testing.TestUsers.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.web.api.ApiTestApplication;
import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Password guessing locks the user: after three refused passwords (this test's setting), the
 * right password is refused too, on the API and the login page, until the lockout has passed;
 * the lockout is audited once, not every refused attempt during it.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "shardlake.test.context=lockout", "shardlake.security.lockout.max-failures=3", "shardlake.security.lockout.duration=10m"})
class LoginLockoutTest {

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    @Test
    void threeWrongPasswordsLockTheUserUntilTheLockoutHasPassed() {
        Api guessing = Api.withAuthorization(port, TestUsers.basic(OPERATOR, "guess"));
        for (int i = 0; i < 3; i++) {
            assertThat(guessing.get("/api/pipelines").status()).isEqualTo(401);
        }

        Api.Answer right = Api.as(port, OPERATOR).get("/api/pipelines");
        assertThat(right.status()).isEqualTo(401);
        assertThat(right.json().get("detail").asString()).contains("locked after too many refused passwords");
        Browser browser = new Browser(port);
        HttpResponse<String> login = browser.logIn(OPERATOR, TestUsers.password(OPERATOR));
        String location = login.headers().firstValue("Location").orElse("");
        assertThat(location).contains("/login?error");
        assertThat(browser.get(location.replaceFirst("^https?://[^/]+", "")).body()).contains("data-test=\"login-locked\"").doesNotContain("data-test=\"login-error\"");
        assertThat(Api.as(port, TestUsers.VIEWER).get("/api/pipelines").status()).as("other users are not affected").isEqualTo(200);

        JsonNode lockouts = new Api(port).get("/api/audit?action=login.lockout&actor=" + OPERATOR).json().get("entries");
        assertThat(lockouts).hasSize(1);
        JsonNode failures = new Api(port).get("/api/audit?action=login.failure&actor=" + OPERATOR).json().get("entries");
        assertThat(failures).as("the three guesses; attempts while locked are refused unchecked and not recorded").hasSize(3);

        clock.advance(Duration.ofMinutes(10));
        assertThat(Api.as(port, OPERATOR).get("/api/pipelines").status()).isEqualTo(200);
    }
}

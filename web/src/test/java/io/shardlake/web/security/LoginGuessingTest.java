package io.shardlake.web.security;

import static io.shardlake.web.testing.TestUsers.OPERATOR;
import static io.shardlake.web.testing.TestUsers.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.web.api.ApiTestApplication;
import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/**
 * Password guessing over real HTTP, as from several client addresses (the service trusts the test's
 * {@code X-Forwarded-For}, as behind a proxy): three refusals of one name from one client (this
 * test's setting) throttle that client for that name, five refusals from one client whatever the
 * names throttle the client; nobody else is affected, and a name that is no user is answered
 * exactly as a user with a wrong password. Each test guesses from its own addresses.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "shardlake.test.context=guessing", "server.forward-headers-strategy=native",
        "shardlake.security.lockout.max-failures=3", "shardlake.security.lockout.max-failures-per-client=5",
        "shardlake.security.lockout.duration=10m"})
class LoginGuessingTest {

    private static final Pattern PROBLEM = Pattern.compile("<p class=\"problem\"[^>]*>[^<]*</p>");

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    @MockitoSpyBean
    PasswordEncoder passwords;

    @Test
    void aGuessersRefusalsThrottleTheGuesserNotTheUserLoggingInFromElsewhere() {
        Api guesser = Api.withAuthorization(port, TestUsers.basic(OPERATOR, "guess")).from("203.0.113.7");
        for (int i = 0; i < 3; i++) {
            assertThat(guesser.get("/api/pipelines").status()).isEqualTo(401);
        }

        Api.Answer rightFromGuesser = Api.as(port, OPERATOR).from("203.0.113.7").get("/api/pipelines");
        assertThat(rightFromGuesser.status()).as("even the right password, unchecked").isEqualTo(429);
        assertThat(rightFromGuesser.isProblem()).isTrue();
        assertThat(rightFromGuesser.header("Retry-After")).isEqualTo("600");
        assertThat(rightFromGuesser.json().get("detail").asString()).contains("too many refused logins from your address");
        HttpResponse<String> pageFromGuesser = Browser.from(port, "203.0.113.7").logIn(OPERATOR, TestUsers.password(OPERATOR));
        assertThat(pageFromGuesser.headers().firstValue("Location").orElse("")).endsWith("/login?error");

        assertThat(Api.as(port, OPERATOR).from("198.51.100.20").get("/api/pipelines").status())
                .as("the user from another address").isEqualTo(200);
        Browser.loggedIn(port, OPERATOR); // the login page too (from the test's own address)
        assertThat(Api.as(port, VIEWER).from("203.0.113.7").get("/api/pipelines").status())
                .as("the guesser with other names, below the per-client bound").isEqualTo(200);

        JsonNode throttles = new Api(port).get("/api/audit?action=login.throttle&subject=203.0.113.7").json().get("entries");
        assertThat(throttles).as("audited once, without the name").hasSize(1);
        assertThat(throttles.get(0).get("actor").asString()).isEqualTo("anonymous");
        assertThat(throttles.get(0).toString()).doesNotContain(OPERATOR);
        JsonNode failures = new Api(port).get("/api/audit?action=login.failure&subject=203.0.113.7").json().get("entries");
        assertThat(failures).as("the three guesses; throttled attempts are refused unchecked and not recorded").hasSize(3);

        clock.advance(Duration.ofMinutes(10));
        assertThat(Api.as(port, OPERATOR).from("203.0.113.7").get("/api/pipelines").status()).isEqualTo(200);
    }

    @Test
    void theLoginPageSaysWhenItsClientIsThrottled() {
        Browser guesser = Browser.from(port, "203.0.113.8");
        for (int i = 0; i < 3; i++) {
            guesser.logIn(OPERATOR, "guess");
        }

        HttpResponse<String> right = guesser.logIn(OPERATOR, TestUsers.password(OPERATOR));

        assertThat(right.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        assertThat(guesser.get("/login?error").body()).contains("data-test=\"login-throttled\"").doesNotContain("data-test=\"login-error\"");
    }

    @Test
    void aNameThatIsNoUserIsAnsweredExactlyAsAWrongPasswordAlsoOnceThrottled() {
        Api user = Api.withAuthorization(port, TestUsers.basic(OPERATOR, "guess")).from("203.0.113.9");
        Api nobody = Api.withAuthorization(port, TestUsers.basic("nobody", "guess")).from("203.0.113.10");
        Browser userPage = Browser.from(port, "203.0.113.11");
        Browser nobodyPage = Browser.from(port, "203.0.113.12");

        for (int i = 1; i <= 4; i++) {
            Api.Answer a = user.get("/api/pipelines");
            Api.Answer b = nobody.get("/api/pipelines");
            assertThat(b.status()).as("attempt %d", i).isEqualTo(a.status());
            assertThat(b.contentType()).isEqualTo(a.contentType());
            assertThat(b.header("WWW-Authenticate")).isEqualTo(a.header("WWW-Authenticate"));
            assertThat(b.header("Retry-After")).isEqualTo(a.header("Retry-After"));
            assertThat(b.json().get("detail").asString()).as("attempt %d", i).isEqualTo(a.json().get("detail").asString());

            HttpResponse<String> c = userPage.logIn(OPERATOR, "guess");
            HttpResponse<String> d = nobodyPage.logIn("nobody", "guess");
            assertThat(d.statusCode()).isEqualTo(c.statusCode());
            assertThat(d.headers().firstValue("Location")).isEqualTo(c.headers().firstValue("Location"));
            assertThat(problemOn(nobodyPage.get("/login?error"))).as("attempt %d", i).isEqualTo(problemOn(userPage.get("/login?error")));
        }
    }

    @Test
    void aNameThatIsNoUserCostsAPasswordCheckAgainstAHashLikeTheUsers() {
        Api.withAuthorization(port, TestUsers.basic("nobody-timing", "timing-guess")).from("203.0.113.13").get("/api/pipelines");

        // the test users' hashes are bcrypt of cost 4: the comparison costs what a user's does
        verify(passwords, times(1)).matches(eq("timing-guess"), anyString());
        verify(passwords).matches(eq("timing-guess"), startsWith("{bcrypt}$2a$04$"));
    }

    @Test
    void oneClientTryingManyNamesIsThrottledForEveryName() {
        for (int i = 0; i < 5; i++) {
            Api.withAuthorization(port, TestUsers.basic("name-" + i, "guess")).from("203.0.113.14").get("/api/pipelines");
        }

        assertThat(Api.as(port, VIEWER).from("203.0.113.14").get("/api/pipelines").status()).isEqualTo(429);
        assertThat(Api.as(port, VIEWER).from("203.0.113.15").get("/api/pipelines").status()).isEqualTo(200);
    }

    private static String problemOn(HttpResponse<String> page) {
        Matcher m = PROBLEM.matcher(page.body());
        return m.find() ? m.group() : "";
    }
}

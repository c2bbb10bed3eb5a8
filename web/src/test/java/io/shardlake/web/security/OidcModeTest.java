package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.web.api.ApiTestApplication;
import io.shardlake.web.testing.Api;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code shardlake.security.mode=oidc} with a provider given by explicit endpoints (nothing is
 * fetched at start-up and no provider runs): pages send anonymous visitors to the provider's
 * authorization endpoint; the API takes API tokens but no longer Basic passwords.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "shardlake.security.mode=oidc",
        "shardlake.security.oidc.roles-claim=groups",
        "shardlake.security.oidc.group-roles.data-eng=ANALYST",
        "spring.security.oauth2.client.registration.corp.client-id=shardlake",
        "spring.security.oauth2.client.registration.corp.client-secret=not-a-real-secret",
        "spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
        "spring.security.oauth2.client.registration.corp.scope=openid,profile,groups",
        "spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
        "spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
        "spring.security.oauth2.client.provider.corp.authorization-uri=https://sso.example.test/authorize",
        "spring.security.oauth2.client.provider.corp.token-uri=https://sso.example.test/token",
        "spring.security.oauth2.client.provider.corp.jwk-set-uri=https://sso.example.test/jwks",
        "spring.security.oauth2.client.provider.corp.user-info-uri=https://sso.example.test/userinfo",
        "spring.security.oauth2.client.provider.corp.user-name-attribute=preferred_username"})
class OidcModeTest {

    @LocalServerPort
    int port;

    @Test
    void anonymousVisitorsOfPagesAreSentToTheProvidersAuthorizationEndpoint() {
        Browser browser = new Browser(port);

        HttpResponse<String> page = browser.get("/pipelines");
        assertThat(page.statusCode()).isEqualTo(302);
        String start = page.headers().firstValue("Location").orElseThrow();
        assertThat(start).endsWith("/oauth2/authorization/corp");

        HttpResponse<String> toProvider = browser.get(start.replaceFirst("^https?://[^/]+", ""));
        assertThat(toProvider.statusCode()).isEqualTo(302);
        assertThat(toProvider.headers().firstValue("Location").orElseThrow())
                .startsWith("https://sso.example.test/authorize?")
                .contains("response_type=code").contains("client_id=shardlake").contains("scope=openid%20profile%20groups")
                .contains("redirect_uri=http://localhost:" + port + "/login/oauth2/code/corp").contains("state=");
    }

    @Test
    void theLoginPageOffersTheProvider() {
        HttpResponse<String> login = new Browser(port).get("/login");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("Log in with Corp SSO").contains("/oauth2/authorization/corp")
                .doesNotContain("data-test=\"login-form\"");
    }

    @Test
    void theApiTakesTokensButNoPasswords() {
        assertThat(Api.withAuthorization(port, "Bearer " + TestUsers.VIEWER_TOKEN).get("/api/pipelines").status()).isEqualTo(200);

        Api.Answer basic = new Api(port).get("/api/pipelines");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"shardlake\"");
    }
}

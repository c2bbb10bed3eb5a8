package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The session cookie as the service's own application.yml sets it: HttpOnly and SameSite=Lax. */
class SessionCookieTest {

    @Test
    void theLoginPagesSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--shardlake.demo.enabled=false",
                "--shardlake.definitions=target/no-definitions", "--spring.datasource.url=jdbc:h2:mem:session_cookie;DB_CLOSE_DELAY=-1",
                "--spring.main.banner-mode=off"));
        TestLogins.ADMIN_PROPERTIES.forEach(p -> args.add("--" + p));
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(ShardlakeApplication.class)
                .web(WebApplicationType.SERVLET).run(args.toArray(String[]::new))) {
            int port = Integer.parseInt(service.getEnvironment().getRequiredProperty("local.server.port"));

            HttpResponse<String> login = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(login.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                    .singleElement().satisfies(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Lax"));
        }
    }
}

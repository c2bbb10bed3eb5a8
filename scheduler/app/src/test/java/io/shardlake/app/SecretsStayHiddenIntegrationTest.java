package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A source password, a password inside a shard's JDBC URL and a webhook token are configured; the
 * pipeline reading that source fails to connect (nothing listens on its port). Neither any API
 * answer an admin can read nor anything logged from start-up to the failed run holds a secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "shardlake.demo.enabled=false",
        TestLogins.ADMIN_NAME_PROPERTY, TestLogins.ADMIN_HASH_PROPERTY, TestLogins.ADMIN_ROLES_PROPERTY,
        "spring.datasource.url=jdbc:h2:mem:secrets_hidden;DB_CLOSE_DELAY=-1",
        "shardlake.sources.vault.username=etl_reader",
        "shardlake.sources.vault.password=" + SecretsStayHiddenIntegrationTest.SOURCE_PASSWORD,
        "shardlake.sources.vault.shards[0].id=shard01",
        "shardlake.sources.vault.shards[0].url=jdbc:mysql://127.0.0.1:9/vault?connectTimeout=2000&password="
                + SecretsStayHiddenIntegrationTest.URL_PASSWORD,
        "shardlake.alerts.webhook-url=http://127.0.0.1:9/hooks/" + SecretsStayHiddenIntegrationTest.WEBHOOK_TOKEN,
        "logging.level.io.shardlake=DEBUG",
        "management.endpoints.web.exposure.include=*"})
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayHiddenIntegrationTest {

    static final String SOURCE_PASSWORD = "SourcePw-7f3a91";
    static final String URL_PASSWORD = "UrlPw-c41e08";
    static final String WEBHOOK_TOKEN = "HookToken-9b27d5";
    private static final List<String> SECRETS = List.of(SOURCE_PASSWORD, URL_PASSWORD, WEBHOOK_TOKEN);

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("secrets-hidden");
        Path definitions = Files.createDirectories(dir.resolve("definitions"));
        Files.writeString(definitions.resolve("vault_orders.yaml"), """
                name: vault_orders
                schedule: "0 3 * * *"
                source:
                  connection: vault
                  table: orders
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: updated_at, type: timestamp}
                runs:
                  retries: 1
                """);
        registry.add("shardlake.definitions", definitions::toString);
        registry.add("shardlake.warehouse.path", () -> dir.resolve("warehouse").toString());
        registry.add("shardlake.extract.work-directory", () -> dir.resolve("work").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    RunRepository runs;

    @Test
    void noAnswerAndNoLogLineHoldsASourcePasswordOrWebhookToken(CapturedOutput output) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                runs.recentRuns("vault_orders", 1).stream().anyMatch(r -> r.state().isTerminal()));
        RunRecord failed = runs.recentRuns("vault_orders", 1).get(0);
        assertThat(failed.error()).as("the run did try the source").isNotBlank();

        List<String> answers = new ArrayList<>();
        for (String path : List.of("/api/pipelines", "/api/pipelines/vault_orders", "/api/pipelines/vault_orders/runs",
                "/api/runs/" + failed.id(), "/api/definition-errors", "/api/audit", "/v3/api-docs", "/actuator/health",
                "/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/metrics", "/actuator/prometheus")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isLessThan(500);
            answers.add(path + " " + answer.statusCode() + " " + answer.body());
        }

        assertThat(String.join("\n", answers)).as("the admin's answers").contains("vault_orders").doesNotContain(SECRETS);
        assertThat(output.getAll()).as("the logs").contains("vault_orders").doesNotContain(SECRETS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestLogins.TEST_ADMIN).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.shardlake.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.shardlake.app.ShardlakeApplication;
import io.shardlake.app.TestLogins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The probes of deploy/kubernetes/deployment.yaml against the service started with its own
 * application.yml: each answers 200 UP on the path the manifest names, and while the service stops
 * (as on SIGTERM, before the node hands its runs back) readiness answers 503 and liveness still 200,
 * so Kubernetes sends a draining pod no new requests and does not restart it.
 */
class HealthProbesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theManifestsProbesAnswerUpAndReadinessGoesDownWhenTheServiceStops() throws Exception {
        Container container = KubernetesManifestsTest.serviceContainer();
        String liveness = path(container.getLivenessProbe());
        String readiness = path(container.getReadinessProbe());
        assertThat(path(container.getStartupProbe())).isEqualTo(liveness);

        List<String> args = new ArrayList<>(List.of("--server.port=0", "--shardlake.demo.enabled=false",
                "--shardlake.definitions=target/no-definitions", "--spring.datasource.url=jdbc:h2:mem:health_probes;DB_CLOSE_DELAY=-1",
                "--spring.main.banner-mode=off"));
        TestLogins.ADMIN_PROPERTIES.forEach(p -> args.add("--" + p));
        DrainWitness witness = new DrainWitness(liveness, readiness);
        ConfigurableApplicationContext service = new SpringApplicationBuilder(ShardlakeApplication.class)
                .web(WebApplicationType.SERVLET)
                // Registered by hand: a bean class in io.shardlake.app would be picked up by every test's component scan.
                .initializers(context -> context.getBeanFactory().registerSingleton("drainWitness", witness))
                .run(args.toArray(String[]::new));
        try {
            witness.port.set(Integer.parseInt(service.getEnvironment().getRequiredProperty("local.server.port")));

            assertThat(witness.get(liveness)).satisfies(r -> assertUp(r, 200));
            assertThat(witness.get(readiness)).satisfies(r -> assertUp(r, 200));
        } finally {
            service.close();
        }

        assertThat(witness.livenessWhileStopping).isNotNull().satisfies(r -> assertUp(r, 200));
        assertThat(witness.readinessWhileStopping).isNotNull().satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"status\":\"OUT_OF_SERVICE\"");
        });
    }

    private static void assertUp(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    private static String path(Probe probe) {
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPort().getStrVal()).isEqualTo("http");
        return get.getPath();
    }

    /**
     * Stops first of all the service's lifecycle beans (before the scheduler loops hand the runs
     * back) and asks both probes then, while the web server still answers.
     */
    static final class DrainWitness implements SmartLifecycle {

        private final String liveness;
        private final String readiness;
        final AtomicInteger port = new AtomicInteger();
        private volatile boolean running;
        volatile HttpResponse<String> livenessWhileStopping;
        volatile HttpResponse<String> readinessWhileStopping;

        DrainWitness(String liveness, String readiness) {
            this.liveness = liveness;
            this.readiness = readiness;
        }

        HttpResponse<String> get(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port.get() + path))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            readinessWhileStopping = get(readiness);
            livenessWhileStopping = get(liveness);
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE;
        }
    }
}

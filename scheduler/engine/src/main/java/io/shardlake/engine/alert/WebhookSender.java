package io.shardlake.engine.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs an alert's JSON to a webhook, waiting at most {@code timeout} to connect and again for the
 * answer. No retry: a retried POST whose first answer was only lost would alert twice. Logs name
 * the webhook's host only, since webhook URLs often carry a secret token in their path.
 */
public final class WebhookSender implements AlertSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final HttpClient client;
    private final Duration timeout;

    public WebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void send(URI webhook, Alert alert) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alert.toJson()))
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                log.info("pipeline={} {} alert sent to {}", alert.pipeline(), alert.kind().code(), webhook.getHost());
            } else {
                log.warn("pipeline={} {} alert refused by {}: HTTP {}", alert.pipeline(), alert.kind().code(), webhook.getHost(), status);
            }
        } catch (IOException e) {
            log.warn("pipeline={} {} alert could not be sent to {}: {}", alert.pipeline(), alert.kind().code(), webhook.getHost(),
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

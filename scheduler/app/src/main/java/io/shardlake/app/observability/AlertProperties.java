package io.shardlake.app.observability;

import io.shardlake.engine.alert.AlertSettings;
import io.shardlake.engine.definition.AlertSpec;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts ({@code shardlake.alerts.*}); a pipeline's {@code alerts:} section overrides the webhook
 * and the threshold for that pipeline.
 *
 * @param webhookUrl         where alerts are POSTed; empty: only pipelines naming their own webhook
 *                           alert. Often holds a secret token: set it from the environment
 *                           ({@code SHARDLAKE_ALERTS_WEBHOOK_URL})
 * @param freshnessThreshold a freshness alert when a pipeline's freshness grows past this; empty:
 *                           only for pipelines that set {@code alerts.freshness_threshold}
 * @param timeout            how long to wait to connect to a webhook, and again for its answer
 * @param queueCapacity      alert jobs that may wait for the alert thread; more are dropped (logged)
 */
@ConfigurationProperties("shardlake.alerts")
public record AlertProperties(
        String webhookUrl,
        Duration freshnessThreshold,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1000") int queueCapacity) {

    public AlertProperties {
        if (webhookUrl != null && !webhookUrl.isBlank()) {
            try {
                AlertSpec.parseWebhook(webhookUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("shardlake.alerts.webhook-url: " + e.getMessage(), e);
            }
        }
        if (freshnessThreshold != null && (freshnessThreshold.isZero() || freshnessThreshold.isNegative())) {
            throw new IllegalArgumentException("shardlake.alerts.freshness-threshold must be positive, e.g. 2h");
        }
    }

    AlertSettings settings() {
        URI webhook = webhookUrl == null || webhookUrl.isBlank() ? null : AlertSpec.parseWebhook(webhookUrl);
        return new AlertSettings(webhook, freshnessThreshold);
    }

    /** Never prints the webhook URL: it often holds a secret token. */
    @Override
    public String toString() {
        return "AlertProperties[webhookUrl=" + (webhookUrl == null || webhookUrl.isBlank() ? "none" : "***")
                + ", freshnessThreshold=" + freshnessThreshold + ", timeout=" + timeout + ", queueCapacity=" + queueCapacity + "]";
    }
}

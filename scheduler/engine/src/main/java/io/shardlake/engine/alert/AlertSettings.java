package io.shardlake.engine.alert;

import io.shardlake.engine.definition.AlertSpec;
import java.net.URI;
import java.time.Duration;

/**
 * The service-wide alert settings ({@code shardlake.alerts.*}); a pipeline's own {@code alerts:}
 * section overrides each of them.
 *
 * @param webhook            where alerts go; null: only pipelines naming their own webhook alert
 * @param freshnessThreshold null: only pipelines naming their own threshold get freshness alerts
 */
public record AlertSettings(URI webhook, Duration freshnessThreshold) {

    public static final AlertSettings NONE = new AlertSettings(null, null);

    /** Where a pipeline with these settings of its own alerts; null when nowhere. */
    public URI webhookFor(AlertSpec own) {
        return own.webhook() != null ? own.webhook() : webhook;
    }

    /** The freshness a pipeline with these settings of its own may reach; null when not watched. */
    public Duration freshnessThresholdFor(AlertSpec own) {
        return own.freshnessThreshold() != null ? own.freshnessThreshold() : freshnessThreshold;
    }

    /** Never prints the webhook's path or query: they often hold its secret token. */
    @Override
    public String toString() {
        return "AlertSettings[webhook=" + (webhook == null ? "none" : webhook.getScheme() + "://" + webhook.getHost() + "/***")
                + ", freshnessThreshold=" + freshnessThreshold + "]";
    }
}

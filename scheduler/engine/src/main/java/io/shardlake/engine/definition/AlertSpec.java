package io.shardlake.engine.definition;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and when a pipeline's alerts go (section {@code alerts:} of a definition). Either field may
 * be null: the service-wide setting ({@code shardlake.alerts.*}) applies then.
 *
 * @param webhook            the URL alerts of this pipeline are POSTed to
 * @param freshnessThreshold an alert is sent when the pipeline's freshness (now minus its oldest
 *                           shard watermark) grows past this
 */
public record AlertSpec(URI webhook, Duration freshnessThreshold) {

    /** Nothing set: every alert setting comes from the service. */
    public static final AlertSpec NONE = new AlertSpec(null, null);

    /**
     * An absolute http(s) URL, as a webhook must be.
     *
     * @throws IllegalArgumentException saying what is wrong, with an example
     */
    public static URI parseWebhook(String text) {
        String example = "use an absolute http(s) URL, e.g. https://hooks.example.com/shardlake";
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL (" + e.getReason() + "); " + example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an http(s) URL; " + example);
        }
        return uri;
    }

    /** Never prints the webhook's path or query: they often hold its secret token. */
    @Override
    public String toString() {
        return "AlertSpec[webhook=" + (webhook == null ? "none" : webhook.getScheme() + "://" + webhook.getHost() + "/***")
                + ", freshnessThreshold=" + freshnessThreshold + "]";
    }
}

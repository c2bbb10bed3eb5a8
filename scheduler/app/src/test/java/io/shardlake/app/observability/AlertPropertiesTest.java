package io.shardlake.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.alert.AlertSettings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertPropertiesTest {

    @Test
    void aWebhookThatIsNotAnHttpUrlStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> new AlertProperties("hooks.example.com/x", null, Duration.ofSeconds(10), 1000))
                .hasMessage("shardlake.alerts.webhook-url: 'hooks.example.com/x' is not an http(s) URL; use an absolute http(s) URL,"
                        + " e.g. https://hooks.example.com/shardlake");
        assertThatThrownBy(() -> new AlertProperties(null, Duration.ZERO, Duration.ofSeconds(10), 1000))
                .hasMessage("shardlake.alerts.freshness-threshold must be positive, e.g. 2h");
    }

    @Test
    void aBlankWebhookMeansNoServiceWideWebhook() {
        assertThat(new AlertProperties(" ", null, Duration.ofSeconds(10), 1000).settings()).isEqualTo(AlertSettings.NONE);
        assertThat(new AlertProperties("https://hooks.example.com/T1", Duration.ofHours(2), Duration.ofSeconds(10), 1000).settings())
                .isEqualTo(new AlertSettings(URI.create("https://hooks.example.com/T1"), Duration.ofHours(2)));
    }
}

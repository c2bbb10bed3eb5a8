package io.shardlake.app.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metrics ({@code shardlake.metrics.*}).
 *
 * @param freshnessRefresh how often every pipeline's oldest watermark is read (one query), for the
 *                         freshness gauge and the freshness alerts
 */
@ConfigurationProperties("shardlake.metrics")
public record MetricsProperties(@DefaultValue("30s") Duration freshnessRefresh) {
}

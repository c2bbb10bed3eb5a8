package io.shardlake.app.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this node takes part in the scheduler ({@code shardlake.scheduler.*}).
 *
 * @param nodeId             lease owner name; empty: host name plus a random suffix
 * @param lease              how long a run stays this node's without a heartbeat before another node
 *                           takes it over
 * @param maxRunsPerNode     runs executing at once on this node
 * @param dispatchInterval   how often the queue is polled for runs other nodes queued (runs
 *                           queued on this node start at once)
 * @param definitionsPoll    how often the definitions folder is checked for changes
 * @param catchupSweep       how often every pipeline is checked for missed intervals (start-up
 *                           and resume always check)
 * @param queueScanLimit     queued runs looked at per dispatch, oldest first (per lane)
 * @param retiredGenerationGrace how long the old contents of a partition a backfill replaced are
 *                           kept before they are deleted (queries that started before the switch
 *                           may still read them); checked every {@code catchup-sweep}
 * @param sinkDeliveryRetention how long the ledger keeps a run delivered to every sink (Athena,
 *                           Redshift) before forgetting it; pending deliveries are always kept
 */
@ConfigurationProperties("shardlake.scheduler")
public record SchedulerProperties(
        @DefaultValue("") String nodeId,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("8") int maxRunsPerNode,
        @DefaultValue("1s") Duration dispatchInterval,
        @DefaultValue("5s") Duration definitionsPoll,
        @DefaultValue("5m") Duration catchupSweep,
        @DefaultValue("500") int queueScanLimit,
        @DefaultValue("1h") Duration retiredGenerationGrace,
        @DefaultValue("7d") Duration sinkDeliveryRetention) {
}

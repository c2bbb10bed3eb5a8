package io.shardlake.app.config;

import io.shardlake.connectors.athena.AthenaSettings;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Athena tables of the lake ({@code shardlake.athena.*}); off unless {@code enabled}.
 * Credentials come from the AWS default provider chain.
 *
 * @param database         Glue database holding one table (and one {@code _latest} view) per target
 * @param outputLocation   {@code s3://...} for query results; empty when the workgroup enforces its own
 * @param endpointOverride a VPC endpoint (or a test server); empty for the region's public endpoint
 * @param partitions       {@code catalog}: each new partition is added after the run that wrote it, and a
 *                         backfill's replaced partition is pointed at its new generation; {@code projection}:
 *                         partition projection, no catalog call (backfills on S3 are then refused)
 */
@ConfigurationProperties("shardlake.athena")
public record AthenaProperties(
        @DefaultValue("false") boolean enabled,
        String region,
        @DefaultValue(AthenaSettings.DEFAULT_WORKGROUP) String workgroup,
        @DefaultValue(AthenaSettings.DEFAULT_CATALOG) String catalog,
        String database,
        String outputLocation,
        URI endpointOverride,
        Duration pollInterval,
        Duration queryTimeout,
        @DefaultValue("catalog") String partitions) {

    public AthenaProperties {
        // Durations cannot be annotation constants: the settings' defaults, stated once there.
        pollInterval = pollInterval == null ? AthenaSettings.DEFAULT_POLL_INTERVAL : pollInterval;
        queryTimeout = queryTimeout == null ? AthenaSettings.DEFAULT_QUERY_TIMEOUT : queryTimeout;
    }

    AthenaSettings settings() {
        return new AthenaSettings(region, workgroup, catalog, database, outputLocation, endpointOverride, pollInterval, queryTimeout,
                PartitionRegistration.parse(partitions));
    }
}

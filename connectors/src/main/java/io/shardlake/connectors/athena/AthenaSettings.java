package io.shardlake.connectors.athena;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and how {@link AthenaCatalog} runs its DDL. Proposed configuration keys are
 * {@code shardlake.athena.*}, named after the components in kebab case
 * ({@code shardlake.athena.output-location}, {@code shardlake.athena.poll-interval}, ...).
 *
 * @param region           AWS region such as {@code eu-west-1}; {@code null} or blank uses the SDK's
 *                         default region chain
 * @param workgroup        Athena workgroup the statements run in; {@code null} or blank means {@code primary}
 * @param catalog          data catalog; {@code null} or blank means {@code AwsDataCatalog} (Glue)
 * @param database         Glue database holding the tables; required, lower_snake_case
 * @param outputLocation   {@code s3://} folder for query results; {@code null} when the workgroup
 *                         enforces its own result location
 * @param endpointOverride endpoint for tests or VPC endpoints; {@code null} for AWS
 * @param pollInterval     pause between {@code GetQueryExecution} calls; positive
 * @param queryTimeout     how long one statement may run before it is stopped; longer than the poll interval
 * @param partitions       how new {@code dt} partitions become visible
 */
public record AthenaSettings(String region, String workgroup, String catalog, String database, String outputLocation,
                             URI endpointOverride, Duration pollInterval, Duration queryTimeout,
                             PartitionRegistration partitions) {

    public static final String DEFAULT_WORKGROUP = "primary";
    public static final String DEFAULT_CATALOG = "AwsDataCatalog";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMinutes(2);

    /** How Athena learns about a table's partitions. */
    public enum PartitionRegistration {
        /**
         * Partition projection: Athena computes the {@code dt} values from table properties, so a
         * new folder is queryable as soon as its files are, with no catalog call. Every partition
         * is read from its {@code dt=} folder, so a backfill's new generation of a partition on S3
         * (written elsewhere, see the engine's PartitionReplacer) cannot become what Athena reads.
         */
        PROJECTION,
        /**
         * The default: {@code ALTER TABLE ... ADD IF NOT EXISTS PARTITION} for each new partition a
         * run wrote, and {@code SET LOCATION} when a backfill replaces one. Redshift Spectrum needs it too.
         */
        CATALOG;

        public static PartitionRegistration parse(String text) {
            for (PartitionRegistration p : values()) {
                if (p.name().equalsIgnoreCase(text.strip())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("shardlake.athena.partitions: unknown value '" + text
                    + "'; use projection or catalog");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AthenaSettings {
        region = blankToNull(region);
        workgroup = blankToNull(workgroup) == null ? DEFAULT_WORKGROUP : workgroup.strip();
        catalog = blankToNull(catalog) == null ? DEFAULT_CATALOG : catalog.strip();
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("shardlake.athena.database is required, e.g. shardlake_lake");
        }
        database = AthenaNames.checkName("shardlake.athena.database", database.strip());
        outputLocation = blankToNull(outputLocation);
        if (outputLocation != null && !outputLocation.startsWith("s3://")) {
            throw new IllegalArgumentException("shardlake.athena.output-location must be an s3:// folder, e.g. "
                    + "s3://my-athena-results/shardlake/, was '" + outputLocation + "'");
        }
        if (outputLocation != null && !outputLocation.endsWith("/")) {
            outputLocation = outputLocation + "/";
        }
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        queryTimeout = queryTimeout == null ? DEFAULT_QUERY_TIMEOUT : queryTimeout;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("shardlake.athena.poll-interval must be positive, was " + pollInterval);
        }
        if (queryTimeout.compareTo(pollInterval) <= 0) {
            throw new IllegalArgumentException("shardlake.athena.query-timeout (" + queryTimeout
                    + ") must be longer than shardlake.athena.poll-interval (" + pollInterval + ")");
        }
        partitions = partitions == null ? PartitionRegistration.CATALOG : partitions;
    }

    /** Settings for AWS itself with the defaults: workgroup {@code primary}, Glue catalog, projection. */
    public static AthenaSettings of(String region, String database, String outputLocation) {
        return new AthenaSettings(region, null, null, database, outputLocation, null, null, null, null);
    }

    public AthenaSettings withEndpointOverride(URI endpoint) {
        return new AthenaSettings(region, workgroup, catalog, database, outputLocation, endpoint, pollInterval,
                queryTimeout, partitions);
    }

    public AthenaSettings withPartitions(PartitionRegistration registration) {
        return new AthenaSettings(region, workgroup, catalog, database, outputLocation, endpointOverride, pollInterval,
                queryTimeout, registration);
    }

    public AthenaSettings withTiming(Duration poll, Duration timeout) {
        return new AthenaSettings(region, workgroup, catalog, database, outputLocation, endpointOverride, poll, timeout,
                partitions);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

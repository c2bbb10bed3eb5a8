package io.shardlake.connectors.athena;

import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.connectors.lake.VersionOrder;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.Partitioner;
import io.shardlake.transforms.schema.RowSchema;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One target table as Athena should see it: the Parquet files under {@code location}, laid out
 * {@code <location>dt=<value>/*.parquet} (the lake's layout), with the pipeline's output schema.
 *
 * @param name           table name (the target table); its companion view is {@code <name>_latest}
 * @param location       the table folder, {@code s3://bucket/prefix/<table>/} (see {@link #locationOf})
 * @param schema         the output schema, audit columns included, in file order
 * @param primaryKey     output columns identifying a row (the pipeline's dedupe key); the view keeps one row per key
 * @param cursor         output column whose greatest value is the latest version (the cursor's output column)
 * @param granularity    how the {@code dt} folders are cut; its pattern is the projection format
 * @param firstPartition an instant in the earliest partition that exists or may be written (backfills
 *                       included): partition projection never shows folders before it
 */
public record AthenaTable(String name, String location, RowSchema schema, List<String> primaryKey, String cursor,
                          PartitionGranularity granularity, Instant firstPartition) {

    /** Partition column: the {@code dt=} folder key, a string (hourly values are not dates). */
    public static final AthenaColumn PARTITION_COLUMN = new AthenaColumn(Partitioner.KEY, "string");

    public static final String LATEST_VIEW_SUFFIX = "_latest";

    public AthenaTable {
        name = AthenaNames.checkName("table", Objects.requireNonNull(name, "table name"));
        Objects.requireNonNull(location, "location");
        if (!location.startsWith("s3://") || location.length() <= "s3://".length()) {
            throw new IllegalArgumentException("location of table " + name + " must be an s3:// folder, was '" + location + "'");
        }
        location = location.endsWith("/") ? location : location + "/";
        AthenaNames.literal(location);
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(firstPartition, "firstPartition");
        primaryKey = List.copyOf(Objects.requireNonNull(primaryKey, "primaryKey"));
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException("primary key of table " + name + " is empty; the latest-version view needs one");
        }
        for (String key : primaryKey) {
            requireColumn(name, schema, "primary key column", key);
        }
        requireColumn(name, schema, "cursor column", cursor);
        if (schema.contains(Partitioner.KEY)) {
            throw new IllegalArgumentException("table " + name + " has a column named '" + Partitioner.KEY
                    + "', which is its partition key; rename the column");
        }
    }

    /** The table folder in S3: {@code s3://<bucket>/<prefix>/<table>/}, where the lake writes {@code <table>/dt=...}. */
    public static String locationOf(S3Settings s3, String table) {
        return "s3://" + s3.bucket() + "/" + s3.objectKey(table) + "/";
    }

    public String latestViewName() {
        return name + LATEST_VIEW_SUFFIX;
    }

    /** The table's Athena columns, checked ({@link AthenaTypes#columns}). */
    public List<AthenaColumn> columns() {
        return AthenaTypes.columns(schema);
    }

    /** How two versions of one key are ordered: the cursor, then the later extract ({@link VersionOrder}). */
    public VersionOrder versionOrder() {
        return VersionOrder.of(schema, cursor);
    }

    /** The {@code dt} value of the first partition, e.g. {@code 2026-11-01}. */
    public String firstPartitionValue() {
        return partitionValue(granularity.start(firstPartition));
    }

    /** The {@code dt} value of the partition holding {@code instant}. */
    public String partitionValue(Instant instant) {
        return DateTimeFormatter.ofPattern(granularity.pattern(), Locale.ROOT).withZone(ZoneOffset.UTC).format(instant);
    }

    /** Folder of a partition value: {@code <location>dt=<value>/}. */
    public String partitionLocation(String value) {
        return location + Partitioner.KEY + "=" + value + "/";
    }

    private static void requireColumn(String table, RowSchema schema, String what, String column) {
        if (column == null || !schema.contains(column)) {
            throw new IllegalArgumentException(what + " '" + column + "' of table " + table + " is not an output column");
        }
    }
}

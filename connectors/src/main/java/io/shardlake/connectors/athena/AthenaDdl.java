package io.shardlake.connectors.athena;

import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.Partitioner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Athena statements for one database: the external table over a target's Parquet folder,
 * its partitions, new columns and the {@code <table>_latest} view. Pure text, no I/O; names are
 * checked ({@link AthenaNames}) and quoted where Athena needs it.
 */
public final class AthenaDdl {

    public static final String PROJECTION_ENABLED = "projection.enabled";
    public static final String PROJECTION_RANGE = "projection." + Partitioner.KEY + ".range";
    public static final String PROJECTION_FORMAT = "projection." + Partitioner.KEY + ".format";
    public static final String LOCATION_TEMPLATE = "storage.location.template";
    /** Which columns the view groups by; a change would make the view mean something else. */
    public static final String PRIMARY_KEY_PROPERTY = "shardlake.primary_key";
    /** The {@code dt} value format, kept also without projection so a changed granularity is noticed. */
    public static final String PARTITION_FORMAT_PROPERTY = "shardlake.partition_format";
    /** Upper end of the projected range: partitions up to the current one (UTC), evaluated at query time. */
    public static final String RANGE_END = "NOW";
    /** Partitions per ADD PARTITION statement, well below Athena's 256 KB query text limit. */
    public static final int PARTITIONS_PER_STATEMENT = 100;

    private static final String VERSION_RANK = "_version_rank";

    private final String database;

    public AthenaDdl(String database) {
        this.database = AthenaNames.checkName("database", Objects.requireNonNull(database, "database"));
    }

    /**
     * {@code CREATE EXTERNAL TABLE IF NOT EXISTS} over the table's folder, partitioned by {@code dt};
     * with {@link PartitionRegistration#PROJECTION} its table properties project every {@code dt}
     * from the first partition up to now, so no partition is ever registered.
     */
    public String createTable(AthenaTable table, PartitionRegistration partitions) {
        return createTable(table, partitions, table.firstPartitionValue());
    }

    /** As {@link #createTable(AthenaTable, PartitionRegistration)}, projecting from {@code rangeStart} (a dt value). */
    public String createTable(AthenaTable table, PartitionRegistration partitions, String rangeStart) {
        String columns = table.columns().stream().map(c -> "  " + c.ddl()).collect(Collectors.joining(",\n"));
        Map<String, String> tableProperties = tableProperties(table, partitions);
        if (partitions == PartitionRegistration.PROJECTION) {
            tableProperties.put(PROJECTION_RANGE, projectionRange(partitionValue(table, rangeStart)));
        }
        String properties = tableProperties.entrySet().stream()
                .map(e -> "  " + AthenaNames.literal(e.getKey()) + "=" + AthenaNames.literal(e.getValue()))
                .collect(Collectors.joining(",\n"));
        return "CREATE EXTERNAL TABLE IF NOT EXISTS " + tableName(table.name()) + " (\n"
                + columns + "\n)\n"
                + "PARTITIONED BY (" + AthenaTable.PARTITION_COLUMN.ddl() + ")\n"
                + "STORED AS PARQUET\n"
                + "LOCATION " + AthenaNames.literal(table.location()) + "\n"
                + "TBLPROPERTIES (\n" + properties + "\n)";
    }

    /** The table properties {@link #createTable} sets, in order. */
    public static Map<String, String> tableProperties(AthenaTable table, PartitionRegistration partitions) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (partitions == PartitionRegistration.PROJECTION) {
            properties.put(PROJECTION_ENABLED, "true");
            properties.put("projection." + Partitioner.KEY + ".type", "date");
            properties.put(PROJECTION_FORMAT, table.granularity().pattern());
            properties.put(PROJECTION_RANGE, projectionRange(table.firstPartitionValue()));
            properties.put("projection." + Partitioner.KEY + ".interval", "1");
            properties.put("projection." + Partitioner.KEY + ".interval.unit", intervalUnit(table.granularity()));
            properties.put(LOCATION_TEMPLATE, table.location() + Partitioner.KEY + "=${" + Partitioner.KEY + "}/");
        }
        properties.put(PRIMARY_KEY_PROPERTY, String.join(",", table.primaryKey()));
        properties.put(PARTITION_FORMAT_PROPERTY, table.granularity().pattern());
        return properties;
    }

    static String projectionRange(String firstValue) {
        return firstValue + "," + RANGE_END;
    }

    /** The projected range from {@code rangeStart} (a dt value) up to now. */
    public static String projectionRange(AthenaTable table, String rangeStart) {
        return projectionRange(partitionValue(table, rangeStart));
    }

    /** {@code ALTER TABLE ... SET TBLPROPERTIES (...)}, e.g. to turn projection on or start its range earlier. */
    public String setTableProperties(AthenaTable table, Map<String, String> properties) {
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("no table properties to set on table " + table.name());
        }
        return "ALTER TABLE " + tableName(table.name()) + " SET TBLPROPERTIES ("
                + properties.entrySet().stream()
                        .map(e -> AthenaNames.literal(e.getKey()) + "=" + AthenaNames.literal(e.getValue()))
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /**
     * {@code ALTER TABLE ... ADD IF NOT EXISTS PARTITION (dt='...') LOCATION '...'} for each
     * partition, at most {@value #PARTITIONS_PER_STATEMENT} per statement; none for an empty list.
     * Partitions are folders ({@code dt=2026-11-23}) or bare values ({@code 2026-11-23}) in the
     * table's format; duplicates are dropped.
     *
     * @throws IllegalArgumentException naming the partition when it does not fit the table's format
     */
    public List<String> addPartitions(AthenaTable table, List<String> partitions) {
        List<String> values = partitions.stream().map(p -> partitionValue(table, p)).distinct().sorted().toList();
        List<String> statements = new ArrayList<>();
        for (int from = 0; from < values.size(); from += PARTITIONS_PER_STATEMENT) {
            StringBuilder sql = new StringBuilder("ALTER TABLE ").append(tableName(table.name())).append(" ADD IF NOT EXISTS");
            for (String value : values.subList(from, Math.min(values.size(), from + PARTITIONS_PER_STATEMENT))) {
                sql.append("\n  PARTITION (").append(AthenaNames.ddl(Partitioner.KEY)).append(" = ")
                        .append(AthenaNames.literal(value)).append(") LOCATION ")
                        .append(AthenaNames.literal(table.partitionLocation(value)));
            }
            statements.add(sql.toString());
        }
        return statements;
    }

    /** {@code ALTER TABLE ... PARTITION (dt='...') SET LOCATION '...'}: the partition reads another folder from now on. */
    public String setPartitionLocation(AthenaTable table, String partition, String location) {
        String folder = location.endsWith("/") ? location : location + "/";
        if (!folder.startsWith(table.location())) {
            throw new IllegalArgumentException("location " + location + " of partition " + partition + " is outside table "
                    + table.name() + "'s folder " + table.location());
        }
        return "ALTER TABLE " + tableName(table.name()) + " PARTITION (" + AthenaNames.ddl(Partitioner.KEY) + " = "
                + AthenaNames.literal(partitionValue(table, partition)) + ") SET LOCATION " + AthenaNames.literal(folder);
    }

    private static String partitionValue(AthenaTable table, String partition) {
        String prefix = Partitioner.KEY + "=";
        String value = partition.startsWith(prefix) ? partition.substring(prefix.length()) : partition;
        if (!valuePattern(table.granularity()).matcher(value).matches()) {
            throw new IllegalArgumentException("partition '" + partition + "' of table " + table.name() + " is not a "
                    + Partitioner.KEY + " folder in the format " + table.granularity().pattern() + ", e.g. "
                    + prefix + table.firstPartitionValue());
        }
        return value;
    }

    private static Pattern valuePattern(PartitionGranularity granularity) {
        return Pattern.compile(granularity.pattern().replace("yyyy", "\\d{4}").replaceAll("(MM|dd|HH)", "\\\\d{2}"));
    }

    /** {@code ALTER TABLE ... ADD COLUMNS (...)}: Athena appends them after the existing columns. */
    public String addColumns(AthenaTable table, List<AthenaColumn> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns to add to table " + table.name());
        }
        return "ALTER TABLE " + tableName(table.name()) + " ADD COLUMNS ("
                + columns.stream().map(AthenaColumn::ddl).collect(Collectors.joining(", ")) + ")";
    }

    /** Drops the table's catalog entry only: it is EXTERNAL, so its files stay. */
    public String dropTable(AthenaTable table) {
        return "DROP TABLE IF EXISTS " + tableName(table.name());
    }

    /**
     * {@code CREATE OR REPLACE VIEW <table>_latest}: the latest version of each primary key, i.e.
     * the row that comes first in the table's {@link AthenaTable#versionOrder} (the greatest cursor, ties
     * going to the later extract), so analysts see current state without writing window functions;
     * in a table with tombstones ({@code _deleted}), a key whose latest version is one is left out.
     * Replaced after every schema change, since a view's columns are fixed when it is created.
     */
    public String latestView(AthenaTable table) {
        List<String> columns = new ArrayList<>();
        table.columns().forEach(c -> columns.add(AthenaNames.dml(c.name())));
        columns.add(AthenaNames.dml(Partitioner.KEY));
        String key = table.primaryKey().stream().map(k -> AthenaNames.dml(column(k))).collect(Collectors.joining(", "));
        return "CREATE OR REPLACE VIEW " + viewName(table.latestViewName()) + " AS\n"
                + "SELECT " + String.join(", ", columns) + "\n"
                + "FROM (\n"
                + "  SELECT *, row_number() OVER (PARTITION BY " + key + " ORDER BY "
                + table.versionOrder().newestFirst(c -> AthenaNames.dml(column(c))) + ") AS "
                + AthenaNames.dml(VERSION_RANK) + "\n"
                + "  FROM " + viewName(table.name()) + "\n"
                + ") AS ranked\n"
                + "WHERE " + AthenaNames.dml(VERSION_RANK) + " = 1"
                // a key whose newest version is a tombstone is gone
                + (table.columns().stream().anyMatch(c -> c.name().equals(AuditColumns.DELETED))
                        ? " AND NOT coalesce(" + AthenaNames.dml(AuditColumns.DELETED) + ", false)" : "");
    }

    /** Drops the catalog entry of table {@code name} only: it is EXTERNAL, so its files stay. */
    public String dropTable(String name) {
        return "DROP TABLE IF EXISTS " + tableName(name);
    }

    public String dropView(String name) {
        return "DROP VIEW IF EXISTS " + viewName(name);
    }

    /**
     * {@code CREATE OR REPLACE VIEW <name>}: every row of the table version {@code version}, under
     * the name readers query. Replacing a view is one catalog update, so readers switch from one
     * version to the other at once. Columns are listed (not {@code *}), as in every view here.
     */
    public String versionView(AthenaTable version, String name) {
        return aliasView(version, name, version.name());
    }

    /** {@code CREATE OR REPLACE VIEW <name>_latest} over the table version's own {@code _latest} view. */
    public String versionLatestView(AthenaTable version, String name) {
        return aliasView(version, name + AthenaTable.LATEST_VIEW_SUFFIX, version.latestViewName());
    }

    private String aliasView(AthenaTable version, String name, String over) {
        List<String> columns = new ArrayList<>();
        version.columns().forEach(c -> columns.add(AthenaNames.dml(c.name())));
        columns.add(AthenaNames.dml(Partitioner.KEY));
        return "CREATE OR REPLACE VIEW " + viewName(AthenaNames.checkName("view", name)) + " AS\n"
                + "SELECT " + String.join(", ", columns) + "\n"
                + "FROM " + viewName(over);
    }

    /** Suffix of the table over a current-state table's files, tombstones of deleted keys included. */
    public static final String CURRENT_ALL_SUFFIX = "_all";

    /**
     * The table over a current-state table ({@code <table>_current_all}): one Parquet file per
     * bucket, listed by the manifest object in {@code manifestFolder} (Hive's
     * {@code SymlinkTextInputFormat}), so that replacing that one object switches every reader to
     * the new files at once. Not partitioned: no catalog call per run.
     *
     * @param name           the current-state table's name, {@code <table>_current}
     * @param manifestFolder {@code s3://.../<table>_current/manifest/}
     */
    public String createCurrentTable(AthenaTable table, String name, String manifestFolder) {
        String columns = table.columns().stream().map(c -> "  " + c.ddl()).collect(Collectors.joining(",\n"));
        return "CREATE EXTERNAL TABLE IF NOT EXISTS " + tableName(name + CURRENT_ALL_SUFFIX) + " (\n"
                + columns + "\n)\n"
                + "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'\n"
                + "STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'\n"
                + "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n"
                + "LOCATION " + AthenaNames.literal(manifestFolder);
    }

    /** Drops the catalog entry of {@link #createCurrentTable}'s table (its files stay), to re-create it with new columns. */
    public String dropCurrentTable(String name) {
        return "DROP TABLE IF EXISTS " + tableName(name + CURRENT_ALL_SUFFIX);
    }

    /**
     * {@code CREATE OR REPLACE VIEW <table>_current}: the current-state table's rows, the keys
     * whose newest version is a tombstone left out (the files keep those tombstones, so that an
     * older version delivered later cannot bring a deleted key back).
     */
    public String currentView(AthenaTable table, String name) {
        return currentView(table, name, name);
    }

    /**
     * As {@link #currentView(AthenaTable, String)}, over the table of another current-state table
     * ({@code <over>_all}): a table version's, so that replacing this one view moves readers of
     * {@code name} to that version's files and columns at once.
     */
    public String currentView(AthenaTable table, String name, String over) {
        boolean deletes = table.columns().stream().anyMatch(c -> c.name().equals(AuditColumns.DELETED));
        return "CREATE OR REPLACE VIEW " + viewName(AthenaNames.checkName("view", name)) + " AS\n"
                + "SELECT " + currentColumns(table) + "\n"
                + "FROM " + viewName(over + CURRENT_ALL_SUFFIX)
                + (deletes ? "\nWHERE NOT coalesce(" + AthenaNames.dml(AuditColumns.DELETED) + ", false)" : "");
    }

    /**
     * {@code CREATE OR REPLACE VIEW <name>_all}: every row (tombstones included) of the table over
     * another current-state table ({@code <over>_all}, a table version's), under the name readers
     * query once the table was rebuilt. One catalog update, like {@link #versionView}.
     */
    public String currentAllView(AthenaTable table, String name, String over) {
        return "CREATE OR REPLACE VIEW " + viewName(AthenaNames.checkName("view", name + CURRENT_ALL_SUFFIX)) + " AS\n"
                + "SELECT " + currentColumns(table) + "\n"
                + "FROM " + viewName(over + CURRENT_ALL_SUFFIX);
    }

    /** A current-state table's columns as a view lists them (no {@code dt}: it is not partitioned). */
    private static String currentColumns(AthenaTable table) {
        return table.columns().stream().map(c -> AthenaNames.dml(c.name())).collect(Collectors.joining(", "));
    }

    /** A schema column name as Athena holds it (lower case). */
    private static String column(String name) {
        return AthenaNames.checkName("column", name);
    }

    private String tableName(String table) {
        return AthenaNames.ddl(database) + "." + AthenaNames.ddl(table);
    }

    private String viewName(String name) {
        return AthenaNames.dml(database) + "." + AthenaNames.dml(name);
    }

    static String intervalUnit(PartitionGranularity granularity) {
        return switch (granularity) {
            case HOUR -> "HOURS";
            case DAY -> "DAYS";
            case MONTH -> "MONTHS";
        };
    }
}

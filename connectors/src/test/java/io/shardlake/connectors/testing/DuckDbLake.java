package io.shardlake.connectors.testing;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a local lake with DuckDB, an engine independent of parquet-java, to check what was
 * written. Tables live at {@code <warehouseRoot>/<table>/<key=value>/*.parquet} and are read with
 * hive partitioning, so partition folders appear as columns (DuckDB infers {@code dt=2026-11-23}
 * as a DATE).
 *
 * <p>Values come back normalised for assertions: timestamps with time zone as {@link Instant},
 * dates as {@link LocalDate}, decimals as {@link BigDecimal} (with the file's scale), text as
 * {@link String}. Sessions run in UTC so nothing depends on the JVM's zone.
 *
 * <p>Modules reusing this through the connectors test-jar need {@code org.duckdb:duckdb_jdbc}
 * as a test dependency themselves.
 */
public final class DuckDbLake {

    private DuckDbLake() {}

    /**
     * Every row of a table, i.e. of the files {@code <warehouseRoot>/<table>/<partition>/<name>.parquet},
     * sorted by {@code orderBy} (an SQL ORDER BY list such as {@code "dt, id"}).
     */
    public static List<Map<String, Object>> readTable(Path warehouseRoot, String table, String orderBy) {
        return query("SELECT * FROM " + tableSource(warehouseRoot, table) + " ORDER BY " + orderBy);
    }

    /** Row count of a table. */
    public static long count(Path warehouseRoot, String table) {
        return ((Number) query("SELECT count(*) AS n FROM " + tableSource(warehouseRoot, table)).get(0).get("n"))
                .longValue();
    }

    /** DuckDB's column types of a table, in column order, e.g. {@code amount -> DECIMAL(9,2)}. */
    public static Map<String, String> describe(Path warehouseRoot, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : query("DESCRIBE SELECT * FROM " + tableSource(warehouseRoot, table))) {
            types.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return types;
    }

    /**
     * The Parquet schema of one file as DuckDB's {@code parquet_schema} reports it, by column
     * name: {@code type} (physical), {@code type_length}, {@code converted_type},
     * {@code logical_type}, {@code precision}, {@code scale}, {@code repetition_type}.
     */
    public static Map<String, Map<String, Object>> parquetSchema(Path file) {
        Map<String, Map<String, Object>> columns = new LinkedHashMap<>();
        for (Map<String, Object> row : query("SELECT * FROM parquet_schema(" + literal(file.toString()) + ")")) {
            columns.put((String) row.get("name"), row);
        }
        return columns;
    }

    /** File-level metadata of one file ({@code parquet_metadata}): one row per column chunk. */
    public static List<Map<String, Object>> parquetMetadata(Path file) {
        return query("SELECT * FROM parquet_metadata(" + literal(file.toString()) + ")");
    }

    /** Runs any query in a fresh in-memory DuckDB session (UTC) and returns normalised rows. */
    public static List<Map<String, Object>> query(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = statement.executeQuery(sql)) {
                return rows(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB query failed: " + sql, e);
        }
    }

    /** A SQL string literal. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String tableSource(Path warehouseRoot, String table) {
        String glob = warehouseRoot.resolve(table).toAbsolutePath() + "/*/*.parquet";
        return "read_parquet(" + literal(glob) + ", hive_partitioning = true)";
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i), normalise(rs.getObject(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object normalise(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof ZonedDateTime t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return value;
    }
}

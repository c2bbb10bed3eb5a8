package io.shardlake.app.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.json.JsonFactory;

/** Reads demo shards back for assertions, in a form that compares equal across H2 and MariaDB. */
final class ShardContents {

    private static final JsonFactory JSON = new JsonFactory();

    private ShardContents() {
    }

    /** A private in-memory H2 database in MySQL mode; it disappears when the connection closes. */
    static Connection h2(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + name + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE", "sa", "");
    }

    /** Every row of {@code table} by id, values typed so drivers' string formats do not matter. */
    static List<List<Object>> rows(Connection shard, String table) throws SQLException {
        return query(shard, "SELECT * FROM " + table + " ORDER BY id");
    }

    static List<List<Object>> query(Connection shard, String sql) throws SQLException {
        try (Statement statement = shard.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.add(value(rows, column, meta.getColumnType(column)));
                }
                result.add(row);
            }
            return result;
        }
    }

    static long count(Connection shard, String sql) throws SQLException {
        return ((Number) query(shard, sql).get(0).get(0)).longValue();
    }

    /** Non-null values of one column. */
    static List<String> strings(Connection shard, String table, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        for (List<Object> row : query(shard, "SELECT " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL")) {
            values.add((String) row.get(0));
        }
        return values;
    }

    static boolean isWellFormedJson(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            while (parser.nextToken() != null) {
                // read to the end
            }
            return true;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static Object value(ResultSet rows, int column, int type) throws SQLException {
        Object value = switch (type) {
            case Types.TIMESTAMP -> rows.getObject(column, LocalDateTime.class);
            case Types.DATE -> rows.getObject(column, LocalDate.class);
            case Types.DECIMAL, Types.NUMERIC -> rows.getBigDecimal(column);
            case Types.TINYINT, Types.BIT, Types.BOOLEAN, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> rows.getLong(column);
            default -> rows.getString(column);
        };
        return rows.wasNull() ? null : value;
    }
}

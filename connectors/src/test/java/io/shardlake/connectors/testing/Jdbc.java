package io.shardlake.connectors.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Terse JDBC for test fixtures and assertions: values come back as the driver's strings. */
public final class Jdbc {

    private Jdbc() {
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row, or null when there is no row. */
    public static String queryString(Connection connection, String sql) throws SQLException {
        List<String> values = queryStrings(connection, sql);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The first column of every row. */
    public static List<String> queryStrings(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return firstColumn(statement.executeQuery(sql));
        }
    }

    /** The first column of every row; closes the result set. */
    public static List<String> firstColumn(ResultSet rows) throws SQLException {
        try (rows) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}

package io.shardlake.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code demo/schema.sql} must create on every database, checked through JDBC metadata. */
final class SchemaExpectations {

    private SchemaExpectations() {
    }

    static void assertDemoTables(Connection connection) throws SQLException {
        String catalog = connection.getCatalog();
        assertThat(columns(connection, catalog, "orders")).containsExactly(
                "id", "customer_id", "status", "amount", "currency", "note", "payload", "created_at", "updated_at");
        assertThat(columns(connection, catalog, "form_submissions")).containsExactly(
                "id", "form_id", "submitted_by", "answers", "created_at", "updated_at");
        assertThat(columns(connection, catalog, "customers")).containsExactly(
                "id", "email", "full_name", "country", "tier", "is_active", "signup_date", "attributes",
                "created_at", "updated_at");
        for (String table : DemoSchema.TABLES) {
            assertThat(primaryKey(connection, catalog, table)).as(table).containsExactly("id");
            assertThat(indexes(connection, catalog, table).values()).as(table).contains(List.of("updated_at", "id"));
        }
    }

    private static List<String> columns(Connection connection, String catalog, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getColumns(catalog, null, table, null)) {
            while (rows.next()) {
                names.add(rows.getString("COLUMN_NAME").toLowerCase());
            }
        }
        return names;
    }

    private static List<String> primaryKey(Connection connection, String catalog, String table) throws SQLException {
        Map<Short, String> columns = new TreeMap<>();
        try (ResultSet rows = connection.getMetaData().getPrimaryKeys(catalog, null, table)) {
            while (rows.next()) {
                columns.put(rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME").toLowerCase());
            }
        }
        return List.copyOf(columns.values());
    }

    /** Index name to its columns in order. */
    private static Map<String, List<String>> indexes(Connection connection, String catalog, String table)
            throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, Map<Short, String>> indexes = new LinkedHashMap<>();
        try (ResultSet rows = meta.getIndexInfo(catalog, null, table, false, false)) {
            while (rows.next()) {
                if (rows.getString("COLUMN_NAME") != null) {
                    indexes.computeIfAbsent(rows.getString("INDEX_NAME"), name -> new TreeMap<>())
                            .put(rows.getShort("ORDINAL_POSITION"), rows.getString("COLUMN_NAME").toLowerCase());
                }
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        indexes.forEach((name, columns) -> result.put(name, List.copyOf(columns.values())));
        return result;
    }
}

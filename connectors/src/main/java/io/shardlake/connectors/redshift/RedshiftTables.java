package io.shardlake.connectors.redshift;

import static io.shardlake.connectors.redshift.RedshiftIdentifiers.quote;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.RowSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates the target table from a {@link RedshiftTarget} and keeps it in step with the schema.
 *
 * <p>Rules:
 * <ul>
 *   <li>A missing table is created ({@code CREATE TABLE IF NOT EXISTS}, so two loaders racing both
 *       succeed): every schema column in order, key columns NOT NULL, PRIMARY KEY (informational in
 *       Redshift, it helps the planner; the merge keeps it true), and the dialect's attributes.</li>
 *   <li>An existing table is matched with the schema by column NAME, not position: the run's files
 *       are staged in their own column order and merged into the target by name, so the table's order
 *       does not matter. Every table column must be in the schema with the same type; schema columns
 *       the table lacks are appended with {@code ALTER TABLE ADD COLUMN}, in schema order (nullable:
 *       old rows have no value); the table's existing order is kept. A column gone from the schema or
 *       with another type is refused with {@link IncompatibleTableException} naming each column and both
 *       types, before any change: columns are never dropped or retyped in place.</li>
 *   <li>{@link #check} plans without changing anything; {@link #ensure} plans the same way and applies
 *       the plan in one transaction on the given connection, committed here.</li>
 * </ul>
 */
public final class RedshiftTables {

    private static final String COLUMNS_SQL = "SELECT column_name, data_type, character_maximum_length, numeric_precision, "
            + "numeric_scale FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
            + "ORDER BY ordinal_position";

    private final RedshiftDialect dialect;
    private final String schemaName;

    /** @param schemaName the target schema, already normalised (see {@link RedshiftSettings#schema()}) */
    public RedshiftTables(RedshiftDialect dialect, String schemaName) {
        this.dialect = dialect;
        this.schemaName = schemaName;
    }

    /** {@code "schema"."table"}. */
    public String qualifiedName(RedshiftTarget target) {
        return quote(checkLength(schemaName, "schema")) + "." + quote(checkLength(target.table(), "table"));
    }

    /** The statement creating the target table (used when it does not exist). */
    public String createTableSql(RedshiftTarget target) {
        List<String> keys = target.keyColumns().stream().map(RedshiftIdentifiers::quote).toList();
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualifiedName(target)).append(" (")
                .append(dialect.columnDefinitions(target))
                .append(", PRIMARY KEY (").append(String.join(", ", keys)).append("))");
        String attributes = dialect.tableAttributes(target);
        if (!attributes.isEmpty()) {
            sql.append(' ').append(attributes);
        }
        return sql.toString();
    }

    /** The statement appending {@code column} to the target table. */
    public String addColumnSql(RedshiftTarget target, Column column) {
        return "ALTER TABLE " + qualifiedName(target) + " ADD COLUMN " + quote(checkLength(column.name(), "column")) + " "
                + dialect.columnType(column.type());
    }

    /**
     * What {@link #ensure} would do to the target table, without doing it: reads the table's columns
     * only, so a pipeline can be stopped before its run writes any file.
     *
     * @throws IncompatibleTableException when the existing table cannot take the schema
     */
    public TableChange check(Connection connection, RedshiftTarget target) throws SQLException {
        return plan(connection, target).change();
    }

    /**
     * Creates or evolves the target table so the run's files fit it, and commits.
     *
     * @throws IncompatibleTableException when the existing table cannot take the schema (nothing changed)
     */
    public TableChange ensure(Connection connection, RedshiftTarget target) throws SQLException {
        Plan plan = plan(connection, target);
        if (!plan.statements().isEmpty()) {
            execute(connection, plan.statements());
        }
        return plan.change();
    }

    /** The change and the statements making it; both empty for a table that already fits. */
    private record Plan(TableChange change, List<String> statements) {
    }

    private Plan plan(Connection connection, RedshiftTarget target) throws SQLException {
        Map<String, String> existing = readColumns(connection, target.table());
        if (existing.isEmpty()) {
            return new Plan(new TableChange(true, List.of()), List.of(createTableSql(target)));
        }
        RowSchema wanted = target.schema();
        List<String> problems = new ArrayList<>();
        existing.forEach((name, tableType) -> {
            if (!wanted.contains(name)) {
                problems.add("column '" + name + "' " + tableType + " is in the table but not in the schema; "
                        + "columns are never dropped");
                return;
            }
            String schemaType = dialect.columnType(wanted.column(wanted.indexOf(name)).type());
            if (!tableType.equals(schemaType)) {
                problems.add("column '" + name + "' is " + tableType + " in the table but " + schemaType + " in the schema");
            }
        });
        if (!problems.isEmpty()) {
            throw new IncompatibleTableException(qualifiedName(target), problems);
        }
        List<String> added = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (Column column : wanted.columns()) {
            if (!existing.containsKey(column.name())) {
                added.add(column.name());
                statements.add(addColumnSql(target, column));
            }
        }
        return new Plan(added.isEmpty() ? TableChange.UNCHANGED : new TableChange(false, added), statements);
    }

    /** The table's columns in table order, name to type as {@link #spelling} writes it; empty when there is no table. */
    private Map<String, String> readColumns(Connection connection, String tableName) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, schemaName);
            statement.setString(2, tableName);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.put(rows.getString(1),
                            spelling(rows.getString(2), rows.getObject(3), rows.getObject(4), rows.getObject(5)));
                }
            }
        }
        return columns;
    }

    /** An information_schema type in the spelling {@link RedshiftDialect#columnType} uses. */
    static String spelling(String dataType, Object charLength, Object precision, Object scale) {
        String type = dataType.toLowerCase(Locale.ROOT);
        return switch (type) {
            case "character varying" -> "VARCHAR(" + charLength + ")";
            case "numeric" -> "DECIMAL(" + precision + "," + scale + ")";
            case "timestamp without time zone" -> "TIMESTAMP";
            default -> type.toUpperCase(Locale.ROOT);
        };
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            Transactions.rollbackQuietly(connection, e);
            throw e;
        } finally {
            Transactions.restoreAutoCommit(connection, autoCommit);
        }
    }

    private String checkLength(String name, String what) {
        return RedshiftIdentifiers.requireFits(name, what, dialect.maxIdentifierLength());
    }
}

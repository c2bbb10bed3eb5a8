package io.shardlake.connectors.redshift;

import static io.shardlake.connectors.redshift.RedshiftIdentifiers.quote;

import io.shardlake.transforms.schema.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Creates the target table from a {@link RedshiftTarget} and keeps it in step with the schema.
 *
 * <p>Rules:
 * <ul>
 *   <li>A missing table is created ({@code CREATE TABLE IF NOT EXISTS}, so two loaders racing both
 *       succeed): every schema column in order, key columns NOT NULL, PRIMARY KEY (informational in
 *       Redshift, it helps the planner; the merge keeps it true), and the dialect's attributes.</li>
 *   <li>An existing table must hold the schema's columns at the same positions with the same types.
 *       Schema columns past the table's last one are appended with {@code ALTER TABLE ADD COLUMN}
 *       (nullable: old rows have no value). COPY maps Parquet columns by position, so nothing else is
 *       ever done: a renamed, moved, dropped or retyped column is refused with
 *       {@link IncompatibleTableException} naming each column and both types, before any change.</li>
 *   <li>Changes run in one transaction on the given connection and are committed here.</li>
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
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualifiedName(target)).append(" (");
        for (Column column : target.schema().columns()) {
            sql.append(quote(checkLength(column.name(), "column"))).append(' ').append(dialect.columnType(column.type()));
            if (target.keyColumns().contains(column.name())) {
                sql.append(" NOT NULL");
            }
            sql.append(", ");
        }
        sql.append("PRIMARY KEY (").append(String.join(", ", keys)).append("))");
        String attributes = dialect.tableAttributes(keys);
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
     * Creates or evolves the target table so the run's files fit it, and commits.
     *
     * @throws IncompatibleTableException when the existing table cannot take the schema (nothing changed)
     */
    public TableChange ensure(Connection connection, RedshiftTarget target) throws SQLException {
        String table = qualifiedName(target);
        List<String> existing = new ArrayList<>();
        List<String> existingTypes = new ArrayList<>();
        readColumns(connection, target.table(), existing, existingTypes);
        List<String> statements = new ArrayList<>();
        TableChange change;
        if (existing.isEmpty()) {
            statements.add(createTableSql(target));
            change = new TableChange(true, List.of());
        } else {
            List<Column> wanted = target.schema().columns();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < existing.size(); i++) {
                if (i >= wanted.size()) {
                    problems.add("column '" + existing.get(i) + "' (position " + (i + 1) + ") is in the table but not in the schema");
                    continue;
                }
                Column column = wanted.get(i);
                String type = dialect.columnType(column.type());
                if (!existing.get(i).equals(column.name())) {
                    problems.add("column " + (i + 1) + " is '" + existing.get(i) + "' " + existingTypes.get(i)
                            + " in the table but '" + column.name() + "' " + type + " in the schema");
                } else if (!existingTypes.get(i).equals(type)) {
                    problems.add("column '" + column.name() + "' is " + existingTypes.get(i) + " in the table but "
                            + type + " in the schema");
                }
            }
            if (!problems.isEmpty()) {
                throw new IncompatibleTableException(table, problems);
            }
            List<String> added = new ArrayList<>();
            for (Column column : wanted.subList(existing.size(), wanted.size())) {
                statements.add(addColumnSql(target, column));
                added.add(column.name());
            }
            change = added.isEmpty() ? TableChange.UNCHANGED : new TableChange(false, added);
        }
        if (!statements.isEmpty()) {
            execute(connection, statements);
        }
        return change;
    }

    private void readColumns(Connection connection, String tableName, List<String> names, List<String> types)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, schemaName);
            statement.setString(2, tableName);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                    types.add(spelling(rows.getString(2), rows.getObject(3), rows.getObject(4), rows.getObject(5)));
                }
            }
        }
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
        if (name.length() > dialect.maxIdentifierLength()) {
            throw new IllegalArgumentException(what + " name '" + name + "' is " + name.length() + " characters long; "
                    + "this database keeps at most " + dialect.maxIdentifierLength());
        }
        return name;
    }
}

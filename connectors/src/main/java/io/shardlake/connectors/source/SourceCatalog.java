package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What one shard's database holds, from its JDBC catalog ({@link DatabaseMetaData}, which the
 * drivers answer from {@code information_schema} with bound parameters), and a few recent rows of
 * a table for a preview.
 *
 * <p>Names are never taken on trust: a table or column that the catalog does not list is refused
 * ({@link UnknownSourceNameException}) before any SQL is built, and the names that pass are the
 * catalog's own, quoted by the dialect. Sample queries are replica-friendly: one short query with
 * a {@code LIMIT} and a statement timeout, ordered on the (cursor, key) index.
 */
public final class SourceCatalog {

    /** Upper bound of rows any sample returns, whatever is asked. */
    public static final int MAX_SAMPLE_ROWS = 200;
    private static final String[] TABLE_TYPES = {"TABLE", "VIEW"};

    private final DataSource dataSource;
    private final SourceDialect dialect;
    private final ZoneId sourceZone;
    private final Duration statementTimeout;

    public SourceCatalog(DataSource dataSource, SourceDialect dialect, ZoneId sourceZone, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.sourceZone = sourceZone;
        this.statementTimeout = statementTimeout;
    }

    /** The tables (and views) of the shard's database, sorted by name. */
    public List<String> tables() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return tables(c);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", TABLE_TYPES)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        names.sort(null);
        return names;
    }

    /** The table's columns with their types, nullability and primary key; empty when there is no such table. */
    public Optional<SourceTable> table(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return table(c, name);
        }
    }

    private static Optional<SourceTable> table(Connection c, String name) throws SQLException {
        // The exact name from the listing: metadata calls take patterns, where _ and % are wildcards.
        if (name == null || !tables(c).contains(name)) {
            return Optional.empty();
        }
        DatabaseMetaData md = c.getMetaData();
        Map<String, Integer> keyPositions = keyPositions(c, name);
        List<SourceColumn> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), escapePattern(name, md.getSearchStringEscape()), "%")) {
            while (rs.next()) {
                if (!name.equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                String column = rs.getString("COLUMN_NAME");
                columns.add(new SourceColumn(column, typeName(rs), rs.getInt("DATA_TYPE"),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, keyPositions.containsKey(column),
                        keyPositions.getOrDefault(column, 0)));
            }
        }
        return Optional.of(new SourceTable(name, columns));
    }

    /** The columns of {@code table}'s primary key in key order; empty when it has none (or no such table). */
    static List<String> primaryKey(Connection c, String table) throws SQLException {
        Map<String, Integer> positions = keyPositions(c, table);
        List<String> key = new ArrayList<>(positions.keySet());
        key.sort(Comparator.comparing(positions::get));
        return key;
    }

    /** The first column of each of {@code table}'s indexes, lower case: a range or lookup on one of them is an index read. */
    static Set<String> indexLeadingColumns(Connection c, String table) throws SQLException {
        Set<String> leading = new HashSet<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, true)) {
            while (rs.next()) {
                if (table.equalsIgnoreCase(rs.getString("TABLE_NAME")) && rs.getShort("ORDINAL_POSITION") == 1
                        && rs.getString("COLUMN_NAME") != null) {
                    leading.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return leading;
    }

    /** Column name to its 1-based position in the table's primary key. */
    private static Map<String, Integer> keyPositions(Connection c, String table) throws SQLException {
        Map<String, Integer> keyPositions = new HashMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), table)) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    keyPositions.put(rs.getString("COLUMN_NAME"), rs.getInt("KEY_SEQ"));
                }
            }
        }
        return keyPositions;
    }

    /** {@code DECIMAL(12,2)}, {@code VARCHAR(50)}, {@code DATETIME}: the catalog's name with the sizes that matter. */
    private static String typeName(ResultSet rs) throws SQLException {
        String type = rs.getString("TYPE_NAME");
        int jdbcType = rs.getInt("DATA_TYPE");
        if (jdbcType == java.sql.Types.DECIMAL || jdbcType == java.sql.Types.NUMERIC) {
            return type + "(" + rs.getInt("COLUMN_SIZE") + "," + rs.getInt("DECIMAL_DIGITS") + ")";
        }
        if (jdbcType == java.sql.Types.VARCHAR || jdbcType == java.sql.Types.CHAR) {
            return type + "(" + rs.getInt("COLUMN_SIZE") + ")";
        }
        return type;
    }

    private static String escapePattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    /**
     * Up to {@code limit} (at most {@link #MAX_SAMPLE_ROWS}) of the most recent rows of the query's
     * table: its select columns, newest cursor first, each value read as an extract reads it.
     *
     * @throws UnknownSourceNameException when the table or a column is not in the catalog (no SQL is run)
     */
    public List<Object[]> sample(ExtractQuery query, int limit) throws SQLException {
        List<String> order = new ArrayList<>();
        order.add(query.cursor());
        order.addAll(query.primaryKey());
        return select(query.table(), query.selectColumns(), order, limit);
    }

    /**
     * The text of one column in up to {@code limit} recent rows (newest {@code orderBy} first), for
     * offering JSON paths; nulls are left out.
     *
     * @param orderBy a column to order by (the cursor), or null for no order
     * @throws UnknownSourceNameException when the table or a column is not in the catalog (no SQL is run)
     */
    public List<String> sampleTexts(String table, String column, String orderBy, int limit) throws SQLException {
        List<Object[]> rows = select(table, List.of(column), orderBy == null ? List.of() : List.of(orderBy), limit);
        return rows.stream().map(r -> r[0]).filter(v -> v != null).map(Object::toString).toList();
    }

    /**
     * Up to {@code limit} recent rows of some columns (newest {@code orderBy} first), read as an
     * extract reads them, in {@code columns} order.
     *
     * @param orderBy a column to order by (the cursor), or null for no order
     * @throws UnknownSourceNameException when the table or a column is not in the catalog (no SQL is run)
     */
    public List<Object[]> sampleColumns(String table, List<String> columns, String orderBy, int limit) throws SQLException {
        return select(table, columns, orderBy == null ? List.of() : List.of(orderBy), limit);
    }

    private List<Object[]> select(String table, List<String> columns, List<String> orderBy, int limit) throws SQLException {
        int rows = Math.max(1, Math.min(limit, MAX_SAMPLE_ROWS));
        try (Connection c = dataSource.getConnection()) {
            SourceTable known = table(c, table).orElseThrow(() -> new UnknownSourceNameException("table",
                    "'" + table + "' is not a table of this source; pick one of the listed tables"));
            for (String column : columns) {
                requireColumn(known, column);
            }
            orderBy.forEach(column -> requireColumn(known, column));
            String sql = "SELECT " + columns.stream().map(dialect::quote).collect(Collectors.joining(", "))
                    + " FROM " + dialect.quote(known.name())
                    + (orderBy.isEmpty() ? "" : " ORDER BY " + orderBy.stream().map(o -> dialect.quote(o) + " DESC")
                    .collect(Collectors.joining(", ")))
                    + " LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
                ps.setInt(1, rows);
                try (ResultSet rs = ps.executeQuery()) {
                    ColumnReader[] readers = new ColumnReader[columns.size()];
                    for (int i = 0; i < readers.length; i++) {
                        readers[i] = ColumnReader.forColumn(rs.getMetaData(), i + 1, sourceZone, dialect);
                    }
                    List<Object[]> out = new ArrayList<>();
                    while (rs.next()) {
                        Object[] values = new Object[readers.length];
                        for (int i = 0; i < readers.length; i++) {
                            values[i] = readers[i].read(rs);
                        }
                        out.add(values);
                    }
                    return out;
                }
            }
        }
    }

    private static void requireColumn(SourceTable table, String column) {
        if (table.column(column).isEmpty()) {
            throw new UnknownSourceNameException("column", "'" + column + "' is not a column of " + table.name() + "; its columns are "
                    + table.columns().stream().map(SourceColumn::name).collect(Collectors.joining(", ")));
        }
    }
}

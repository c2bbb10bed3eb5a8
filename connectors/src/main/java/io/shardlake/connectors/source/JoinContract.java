package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a join relies on in a database, checked from its catalog (no row read): a table keyed by a
 * single-column primary key, an index led by a given column, join columns of one kind, a cursor
 * read in the main cursor's zone. Each refusal is a {@link SourceContractException} that names the
 * join, where, and the change that fixes it. Used for a shard's joined tables and for tables of
 * another connection alike.
 *
 * @param at     the refusal's start, naming the join: {@code join customer (customers): }
 * @param where  where the database is, for the message: {@code  on shard shard01}, or empty
 */
record JoinContract(Connection connection, SourceDialect dialect, String at, String where) {

    /** A column's JDBC type, grouped into what compares with what. */
    record ColumnKind(int jdbcType, String typeName) {
        String family() {
            return switch (jdbcType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.BIT, Types.BOOLEAN -> "integer";
                case Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE -> "number";
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB -> "text";
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "binary";
                case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "time";
                default -> typeName.toLowerCase(Locale.ROOT);
            };
        }
    }

    void requireKeyedBy(String table, String keyColumn) throws SQLException {
        List<String> key = SourceCatalog.primaryKey(connection, table);
        if (key.size() != 1 || !key.get(0).equalsIgnoreCase(keyColumn)) {
            throw new SourceContractException(at + "the joined table's rows are keyed by its primary key, but the primary key of " + table
                    + where + " is " + (key.isEmpty() ? "missing" : key) + ", not [" + keyColumn + "]");
        }
    }

    /** @param why what the index serves, for the message */
    void requireIndexLeadingWith(String table, String column, String why) throws SQLException {
        Set<String> leading = SourceCatalog.indexLeadingColumns(connection, table);
        if (!leading.contains(column.toLowerCase(Locale.ROOT))) {
            throw new SourceContractException(at + table + "." + column + " has no index starting with it" + where + ": " + why
                    + "; add one, e.g. CREATE INDEX ix_" + table + "_" + column + " ON " + table + " (" + column + ")");
        }
    }

    /** A column's JDBC type and its type name, from a query that reads no row. */
    ColumnKind columnKind(String table, String column) throws SQLException {
        String sql = "SELECT " + dialect.quote(column) + " FROM " + dialect.quote(table) + " WHERE 1 = 0";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            return new ColumnKind(md.getColumnType(1), md.getColumnTypeName(1));
        }
    }

    /**
     * The two sides of a join compare without a conversion: an integer column against text
     * compares as numbers on MySQL, which no index on the text side serves, and quietly matches
     * {@code '12abc'} to 12.
     */
    void requireComparable(ColumnKind left, String leftName, ColumnKind right, String rightName) {
        if (!left.family().equals(right.family())) {
            throw new SourceContractException(at + leftName + " is " + left.typeName() + " but " + rightName + " is " + right.typeName()
                    + ": a join compares columns of one kind (both integers, both text, ...); change the join columns");
        }
    }

    /** The zone a table's cursor values are read in: UTC for TIMESTAMP, {@code sourceZone} for DATETIME. */
    ZoneId cursorZone(String table, String cursor, ZoneId sourceZone) throws SQLException {
        return dialect.columnZone(columnKind(table, cursor).typeName(), sourceZone);
    }

    /** One window bounds the main cursor and the joined one only when both are read in one zone. */
    void requireZone(String joinedCursor, ZoneId joinedZone, String mainCursor, ZoneId mainZone) {
        if (!joinedZone.equals(mainZone)) {
            throw new SourceContractException(at + "the cursor " + joinedCursor + " is read in " + joinedZone + " but " + mainCursor + " in "
                    + mainZone + ": one window must bound both; use cursor columns of the same type (TIMESTAMP or DATETIME) and"
                    + " connections of the same zone");
        }
    }
}

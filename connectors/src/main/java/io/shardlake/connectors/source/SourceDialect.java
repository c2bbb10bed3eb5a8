package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What differs between the source databases a shard can be: MySQL/MariaDB replicas, and the H2
 * databases of the built-in demo. Autodetected from the JDBC URL by {@link SourceDialects}.
 */
public interface SourceDialect {

    String name();

    /** Quotes an identifier that was already checked to be a plain name. */
    String quote(String identifier);

    /** A placeholder for a cursor value bound as text {@code yyyy-MM-dd HH:mm:ss.SSSSSS}. */
    String timestampParameter();

    /** Statements run once on each new connection (session time zone, read-only...). */
    String connectionInitSql();

    /** The source's own clock, in UTC. */
    Instant utcNow(Connection connection) throws SQLException;

    /** The replica's reported lag. */
    ReplicaLag replicaLag(Connection connection) throws SQLException;

    /** Makes the statement stream rows instead of buffering the whole result. */
    void streamResults(Statement statement) throws SQLException;

    /**
     * The zone a temporal column's wall-clock values are in: the configured source zone for
     * DATETIME-like types, UTC for types the session converts (MySQL TIMESTAMP).
     */
    ZoneId columnZone(String typeName, ZoneId sourceZone);

    /** Whether text columns can be read as raw UTF-8 bytes with {@code getBytes}. */
    boolean textAsBytes();

    /**
     * About how many rows {@code rangeQuery} returns, asked as cheaply as the source allows: a
     * replica's optimizer estimate, never a scan of a large range on a replica.
     *
     * @param rangeQuery a single-table {@code SELECT ... WHERE <cursor range>} with placeholders
     * @param parameters binds the placeholders
     */
    long estimateRows(Connection connection, String rangeQuery, Parameters parameters) throws SQLException;

    /**
     * The index hint that makes a {@code SELECT ... ORDER BY <primary key>} walk the clustered
     * index even where the optimizer would pick the cursor index for the window's range; null for
     * none.
     */
    String primaryKeyIndexHint();

    /**
     * The inner join operator that keeps the tables in the order written: the main table read first,
     * on its access path and in its order, each joined row by key. Left to itself, an optimizer may
     * start from the joined table and sort every page.
     */
    String orderedInnerJoin();

    /**
     * The rows the storage engine has read for this session so far, a counter read before and
     * after a shard read to tell rows examined from rows sent; -1 where the source cannot tell.
     */
    long rowsExamined(Connection connection) throws SQLException;

    /** Binds the placeholders of a statement. */
    @FunctionalInterface
    interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Integer division of two integer expressions, truncating: MySQL's {@code a DIV b}. */
    default String integerDivision(String dividend, String divisor) {
        return dividend + " DIV " + divisor;
    }
}

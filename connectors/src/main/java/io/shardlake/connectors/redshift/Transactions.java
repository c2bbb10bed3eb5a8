package io.shardlake.connectors.redshift;

import java.sql.Connection;
import java.sql.SQLException;

/** Ending a JDBC transaction after a failure without hiding the failure. */
final class Transactions {

    private Transactions() {
    }

    /** Rolls back; a failing rollback is attached to {@code cause} instead of replacing it. */
    static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Quietly: on a broken connection this fails too, and must not hide the error that broke it. */
    static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // the pool discards a broken connection
        }
    }
}

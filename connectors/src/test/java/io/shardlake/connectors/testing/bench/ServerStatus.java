package io.shardlake.connectors.testing.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What reads cost the MySQL-compatible server, from its global status counters: rows examined
 * (the sum of the {@code Handler_read_*} counters: every row a storage engine handed up, by key,
 * by scan or by position) and {@code Innodb_buffer_pool_reads} (pages that were not in the buffer
 * pool and had to be read from disk). The counters are global: every session counts, including
 * small metadata queries and anything else running on the server at the time.
 */
public final class ServerStatus {

    /** Counter values, or the difference of two readings. */
    public record Counters(long rowsExamined, long bufferPoolDiskReads) {
        public Counters minus(Counters earlier) {
            return new Counters(rowsExamined - earlier.rowsExamined, bufferPoolDiskReads - earlier.bufferPoolDiskReads);
        }
    }

    static final List<String> HANDLER_READS = List.of("Handler_read_first", "Handler_read_key", "Handler_read_next",
            "Handler_read_prev", "Handler_read_rnd", "Handler_read_rnd_next", "Handler_read_last");

    static final String BUFFER_POOL_READS = "Innodb_buffer_pool_reads";

    private static final String SQL = "SHOW GLOBAL STATUS WHERE Variable_name IN ('" + String.join("', '", HANDLER_READS)
            + "', '" + BUFFER_POOL_READS + "')";

    private final MySqlEndpoint server;

    public ServerStatus(MySqlEndpoint server) {
        this.server = server;
    }

    /** The counters now (a connection of its own, opened and closed for the reading). */
    public Counters read() throws SQLException {
        long examined = 0;
        long diskReads = 0;
        try (Connection c = server.connectToServer(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
            while (rs.next()) {
                String name = rs.getString(1);
                long value = Long.parseLong(rs.getString(2).trim());
                if (name.equalsIgnoreCase(BUFFER_POOL_READS)) {
                    diskReads = value;
                } else {
                    examined += value;
                }
            }
        }
        return new Counters(examined, diskReads);
    }
}

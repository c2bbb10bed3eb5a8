package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * How the benchmark tables compare with the server's memory: their InnoDB data and index size (the
 * server's {@code information_schema} estimate) against {@code innodb_buffer_pool_size}. A replica's
 * tables outgrow its buffer pool; data that fits in memory hides what an access path costs on disk,
 * so a benchmark on less than {@value #MIN_POOL_MULTIPLE} buffer pools is flagged.
 */
record DataFootprint(long dataBytes, long indexBytes, long bufferPoolBytes) {

    static final int MIN_POOL_MULTIPLE = 2;

    static DataFootprint measure(MySqlEndpoint server, List<BenchDataset.Shard> shards) throws SQLException {
        return measure(server, shards.stream().map(BenchDataset.Shard::database).toList(), List.of("orders"));
    }

    /** The footprint of {@code tables} in each of {@code databases}. */
    static DataFootprint measure(MySqlEndpoint server, List<String> databases, List<String> tables) throws SQLException {
        try (Connection c = server.connectToServer();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(data_length), 0), COALESCE(SUM(index_length), 0),"
                     + " @@innodb_buffer_pool_size FROM information_schema.tables WHERE table_name IN (" + placeholders(tables.size())
                     + ") AND table_schema IN (" + placeholders(databases.size()) + ")")) {
            int p = 1;
            for (String table : tables) {
                ps.setString(p++, table);
            }
            for (String database : databases) {
                ps.setString(p++, database);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DataFootprint(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    long totalBytes() {
        return dataBytes + indexBytes;
    }

    double bufferPools() {
        return (double) totalBytes() / bufferPoolBytes;
    }

    boolean outgrowsMemory() {
        return bufferPools() >= MIN_POOL_MULTIPLE;
    }
}

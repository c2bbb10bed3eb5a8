package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * How the shards compare with the server's memory: their InnoDB data and index size (the
 * server's {@code information_schema} estimate) against {@code innodb_buffer_pool_size}. A replica's
 * tables outgrow its buffer pool; data that fits in memory hides what an access path costs on disk,
 * so a benchmark on less than {@value #MIN_POOL_MULTIPLE} buffer pools is flagged.
 */
record DataFootprint(long dataBytes, long indexBytes, long bufferPoolBytes) {

    static final int MIN_POOL_MULTIPLE = 2;

    static DataFootprint measure(MySqlEndpoint server, List<BenchDataset.Shard> shards) throws SQLException {
        String placeholders = String.join(", ", shards.stream().map(s -> "?").toList());
        try (Connection c = server.connectToServer();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(data_length), 0), COALESCE(SUM(index_length), 0),"
                     + " @@innodb_buffer_pool_size FROM information_schema.tables WHERE table_name = 'orders' AND table_schema IN ("
                     + placeholders + ")")) {
            for (int i = 0; i < shards.size(); i++) {
                ps.setString(i + 1, shards.get(i).database());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DataFootprint(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
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

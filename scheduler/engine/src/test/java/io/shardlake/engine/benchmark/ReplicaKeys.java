package io.shardlake.engine.benchmark;

import io.shardlake.connectors.source.KeyRangeSql;
import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import io.shardlake.engine.reconcile.KeyRanges;
import io.shardlake.engine.run.ShardReconciler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the benchmark checks a reconciliation against, read from the shards outside the measured
 * runs: each shard's key count, the key ranges a set of deleted keys must make differ and the keys a
 * reconciliation lists in them (cut as {@link ShardReconciler#rangesOver} cuts them), and the
 * replica's plan of the summary aggregate.
 */
final class ReplicaKeys {

    /** Ranges that differ after deletes, and the replica keys left in them (those a reconciliation lists). */
    record Listing(long rangesDiffering, long keysListed) {
        Listing plus(Listing other) {
            return new Listing(rangesDiffering + other.rangesDiffering, keysListed + other.keysListed);
        }
    }

    private static final int RANGES_PER_QUERY = 500;

    private final MySqlEndpoint server;
    private final List<BenchDataset.Shard> shards;

    ReplicaKeys(MySqlEndpoint server, List<BenchDataset.Shard> shards) {
        this.server = server;
        this.shards = shards;
    }

    /** Keys each shard holds now, by shard id. */
    Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (BenchDataset.Shard shard : shards) {
            try (Connection c = server.connect(shard.database()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rs.next();
                counts.put(shard.id(), rs.getLong(1));
            }
        }
        return counts;
    }

    /** Over all shards: the ranges holding a key of {@code deleted} (by shard id), and the keys the replica has left in them. */
    Listing listing(Map<String, long[]> deleted) throws SQLException {
        Listing total = new Listing(0, 0);
        for (BenchDataset.Shard shard : shards) {
            try (Connection c = server.connect(shard.database())) {
                KeyRanges ranges = ranges(c);
                TreeSet<Long> differing = new TreeSet<>();
                for (long key : deleted.getOrDefault(shard.id(), new long[0])) {
                    differing.add(ranges.rangeOf(key));
                }
                total = total.plus(new Listing(differing.size(), keysIn(c, ranges, new ArrayList<>(differing))));
            }
        }
        return total;
    }

    /** {@code EXPLAIN} of the summary aggregate on {@code shard}, one line per row of the plan. */
    List<String> explainSummary(BenchDataset.Shard shard) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (Connection c = server.connect(shard.database())) {
            KeyRanges ranges = ranges(c);
            String sql = KeyRangeSql.summary(server.jdbcUrl(shard.database()), "orders", "id");
            plan.add(sql + "   [base " + ranges.base() + ", width " + ranges.width() + "]");
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
                ps.setLong(1, ranges.base());
                ps.setLong(2, ranges.width());
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(i == 1 ? "" : " | ").append(meta.getColumnLabel(i)).append('=').append(rs.getString(i));
                        }
                        plan.add(row.toString());
                    }
                }
            }
        }
        return plan;
    }

    private static KeyRanges ranges(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MIN(id), MAX(id) FROM orders")) {
            rs.next();
            return ShardReconciler.rangesOver(rs.getLong(1), rs.getLong(2));
        }
    }

    private static long keysIn(Connection c, KeyRanges ranges, List<Long> rangeNumbers) throws SQLException {
        long keys = 0;
        for (int from = 0; from < rangeNumbers.size(); from += RANGES_PER_QUERY) {
            List<Long> batch = rangeNumbers.subList(from, Math.min(rangeNumbers.size(), from + RANGES_PER_QUERY));
            StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM orders WHERE ");
            for (int i = 0; i < batch.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("(id >= ? AND id < ?)");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (long r : batch) {
                    ps.setLong(p++, ranges.from(r));
                    ps.setLong(p++, ranges.until(r));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    keys += rs.getLong(1);
                }
            }
        }
        return keys;
    }
}

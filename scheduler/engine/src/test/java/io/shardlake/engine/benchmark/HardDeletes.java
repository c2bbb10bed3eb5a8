package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Hard deletes on the benchmark shards, and their undoing: each round deletes a fresh random set of
 * orders per shard (none deleted before) and says exactly which. A deleted row is first copied to
 * {@value #KEPT} in its shard database, so that {@link #restore} can put the generated data set back
 * before the next invocation reuses it (the shards are checked by their row count).
 */
final class HardDeletes {

    static final String KEPT = "orders_deleted";
    private static final int IN_LIST = 1_000;

    private final MySqlEndpoint server;
    private final List<BenchDataset.Shard> shards;
    private final Map<String, Set<Long>> deletedSoFar = new LinkedHashMap<>();

    HardDeletes(MySqlEndpoint server, List<BenchDataset.Shard> shards) throws SQLException {
        this.server = server;
        this.shards = shards;
        for (BenchDataset.Shard shard : shards) {
            try (Connection c = server.connect(shard.database()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + KEPT + " LIKE orders");
            }
            deletedSoFar.put(shard.id(), new HashSet<>());
        }
    }

    /**
     * Puts back the rows an earlier invocation deleted, in each of {@code databases} that has them:
     * the shards hold the generated rows again. A database that does not exist yet is skipped.
     */
    static void restore(MySqlEndpoint server, List<String> databases) {
        for (String database : databases) {
            try (Connection c = server.connect(database); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                int restored = s.executeUpdate("INSERT INTO orders SELECT * FROM " + KEPT);
                s.executeUpdate("DELETE FROM " + KEPT);
                c.commit();
                if (restored > 0) {
                    System.out.printf("load   %s: %,d deleted orders put back%n", database, restored);
                }
            } catch (SQLException e) {
                // no such database or table: nothing was deleted there
            }
        }
    }

    /**
     * Deletes {@code perShard} random orders of each shard that no earlier round deleted, then writes
     * the tables back to disk (so the measured run does not pay for the deletes' dirty pages).
     *
     * @return the keys deleted, sorted, by shard id
     */
    Map<String, long[]> delete(int round, int perShard) throws SQLException {
        Map<String, long[]> deleted = new LinkedHashMap<>();
        for (BenchDataset.Shard shard : shards) {
            try (Connection c = server.connect(shard.database()); Statement s = c.createStatement()) {
                long[] span = span(s);
                SplittableRandom random = new SplittableRandom(round * 7919L + shard.number());
                Set<Long> before = deletedSoFar.get(shard.id());
                Set<Long> chosen = new HashSet<>();
                while (chosen.size() < perShard) {
                    long id = span[0] + random.nextLong(span[1] - span[0] + 1);
                    if (!before.contains(id)) {
                        chosen.add(id);
                    }
                }
                long[] keys = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
                c.setAutoCommit(false);
                int moved = 0;
                for (int from = 0; from < keys.length; from += IN_LIST) {
                    long[] batch = Arrays.copyOfRange(keys, from, Math.min(keys.length, from + IN_LIST));
                    String in = " WHERE id IN (" + String.join(", ", Collections.nCopies(batch.length, "?")) + ")";
                    execute(c, "INSERT INTO " + KEPT + " SELECT * FROM orders" + in, batch);
                    moved += execute(c, "DELETE FROM orders" + in, batch);
                }
                if (moved != keys.length) {
                    c.rollback();
                    throw new IllegalStateException(shard.database() + ": " + moved + " of " + keys.length + " chosen orders existed");
                }
                c.commit();
                c.setAutoCommit(true);
                s.execute("FLUSH TABLES orders, " + KEPT + " FOR EXPORT");
                s.execute("UNLOCK TABLES");
                chosen.forEach(before::add);
                deleted.put(shard.id(), keys);
            }
        }
        return deleted;
    }

    /** Orders deleted so far by this invocation, over all shards. */
    long deletedSoFar() {
        return deletedSoFar.values().stream().mapToLong(Set::size).sum();
    }

    private static long[] span(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT MIN(id), MAX(id) FROM orders")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static int execute(Connection c, String sql, long[] ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.length; i++) {
                ps.setLong(i + 1, ids[i]);
            }
            return ps.executeUpdate();
        }
    }
}

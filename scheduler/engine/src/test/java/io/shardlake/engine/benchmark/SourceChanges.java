package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What each scenario changes on the source before its measured run, and how many view rows that
 * run must write, counted with SQL on the source alone. A change writes a marker (unique to this
 * benchmark invocation, round and scenario) into {@code orders.status} or {@code customers.tier} and
 * sets {@code updated_at} to the server's clock; the expected count is of the rows carrying the
 * marker since then, so the lake can be checked for the same marker. Changed rows are chosen at
 * random, the same for the same round.
 */
final class SourceChanges {

    /** One scenario's change: its marker, the source rows changed, and where the view shows the marker. */
    record Change(RoundResult.Kind scenario, String marker, int changedRows, String since, String markedColumn) {
    }

    private static final int IN_LIST = 1_000;

    private final MySqlEndpoint server;
    private final JoinDataset.Contents contents;
    private final String invocation = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36); // 5 base-36 digits
    private Map<Long, Long> ordersPerCustomer;

    SourceChanges(MySqlEndpoint server, JoinDataset.Contents contents) {
        this.server = server;
        this.contents = contents;
    }

    /** Applies {@code scenario}'s change of this round; {@code n}: its size (see {@link JoinBenchOptions#changes()}). */
    Change apply(RoundResult.Kind scenario, int round, int n) throws SQLException {
        return switch (scenario) {
            case FACT_CHANGE -> changeOrders(round, n);
            case SPREAD_DIMENSION_CHANGE -> changeSpreadCustomers(round, n);
            case HOT_DIMENSION_CHANGE -> changeHotCustomer(round);
            default -> throw new IllegalArgumentException(scenario + " is not a scenario");
        };
    }

    /** Scenario 1: {@code n} random orders change ({@code status}). */
    private Change changeOrders(int round, int n) throws SQLException {
        SplittableRandom random = new SplittableRandom(round * 7919L);
        Set<Long> ids = new LinkedHashSet<>();
        while (ids.size() < n) {
            ids.add(1 + random.nextLong(contents.orders()));
        }
        return update(RoundResult.Kind.FACT_CHANGE, round, "orders", "status", new ArrayList<>(ids));
    }

    /**
     * Scenario 2: random customers other than the hot one change ({@code tier}), as many as it
     * takes for their orders to add up to at least {@code orders}.
     */
    private Change changeSpreadCustomers(int round, int orders) throws SQLException {
        Map<Long, Long> counts = ordersPerCustomer();
        List<Long> candidates = new ArrayList<>(counts.keySet());
        candidates.remove(Long.valueOf(JoinRowGenerator.HOT_CUSTOMER));
        Collections.sort(candidates);
        Collections.shuffle(candidates, new Random(round * 104_729L));
        List<Long> chosen = new ArrayList<>();
        long total = 0;
        for (long customer : candidates) {
            if (total >= orders) {
                break;
            }
            chosen.add(customer);
            total += counts.get(customer);
        }
        return update(RoundResult.Kind.SPREAD_DIMENSION_CHANGE, round, "customers", "tier", chosen);
    }

    /** Scenario 3: the hot customer changes ({@code tier}). */
    private Change changeHotCustomer(int round) throws SQLException {
        return update(RoundResult.Kind.HOT_DIMENSION_CHANGE, round, "customers", "tier", List.of(JoinRowGenerator.HOT_CUSTOMER));
    }

    /**
     * The view rows that depend on the change, counted on the source: the orders carrying the
     * marker, or the orders of the customers carrying it (through the index on the join column).
     */
    long expectedRows(Change change) throws SQLException {
        String sql = change.scenario() == RoundResult.Kind.FACT_CHANGE
                ? "SELECT COUNT(*) FROM orders WHERE updated_at >= ? AND status = ?"
                : "SELECT COUNT(*) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.updated_at >= ? AND c.tier = ?";
        try (Connection c = server.connect(JoinDataset.DATABASE); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, change.since());
            ps.setString(2, change.marker());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Change update(RoundResult.Kind scenario, int round, String table, String column, List<Long> ids) throws SQLException {
        String marker = scenario.name().charAt(0) + Integer.toString(round) + "-" + invocation;
        try (Connection c = server.connect(JoinDataset.DATABASE); Statement s = c.createStatement()) {
            String since;
            try (ResultSet rs = s.executeQuery("SELECT UTC_TIMESTAMP(3)")) {
                rs.next();
                since = rs.getString(1);
            }
            for (int from = 0; from < ids.size(); from += IN_LIST) {
                List<Long> batch = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + column + " = ?, updated_at = UTC_TIMESTAMP(3)"
                        + " WHERE id IN (" + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")")) {
                    ps.setString(1, marker);
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setLong(i + 2, batch.get(i));
                    }
                    ps.executeUpdate();
                }
            }
            // Written back now, so the measured run does not pay for the update's dirty pages.
            s.execute("FLUSH TABLES orders, customers FOR EXPORT");
            s.execute("UNLOCK TABLES");
            return new Change(scenario, marker, ids.size(), since, table.equals("orders") ? "status" : "customer_tier");
        }
    }

    /** Orders per customer, counted once on the index on the join column (the benchmark never moves an order). */
    private Map<Long, Long> ordersPerCustomer() throws SQLException {
        if (ordersPerCustomer == null) {
            Map<Long, Long> counts = new HashMap<>();
            try (Connection c = server.connect(JoinDataset.DATABASE); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id")) {
                while (rs.next()) {
                    counts.put(rs.getLong(1), rs.getLong(2));
                }
            }
            ordersPerCustomer = counts;
        }
        return ordersPerCustomer;
    }
}

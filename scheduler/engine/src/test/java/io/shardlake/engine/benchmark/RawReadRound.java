package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceiling: every row of every shard read with plain JDBC, {@code parallelism} shards at a
 * time, as one streaming ({@code fetchSize = Integer.MIN_VALUE}) {@code SELECT} of every column
 * with no {@code ORDER BY} and no index hint, so the server walks the clustered index in
 * primary-key order, its cheapest pass over the table. Every value is fetched as the Java type an
 * ETL needs; nothing else is done per row but a checksum that keeps the JIT from dropping the reads.
 */
final class RawReadRound {

    static final String SQL = "SELECT " + BenchDataset.ORDER_COLUMNS + " FROM orders";

    private final MySqlEndpoint server;
    private final int parallelism;
    private final RoundMeter meter;

    RawReadRound(MySqlEndpoint server, int parallelism, RoundMeter meter) {
        this.server = server;
        this.parallelism = parallelism;
        this.meter = meter;
    }

    RoundResult run(int round, BenchDataset.Contents contents) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        long rows = 0;
        long checksum = 0;
        RoundMeter.Cost cost;
        try {
            meter.start();
            List<Future<long[]>> shards = new ArrayList<>();
            for (BenchDataset.Shard shard : contents.shards()) {
                shards.add(pool.submit(() -> readShard(shard.database())));
            }
            for (Future<long[]> f : shards) {
                long[] counts = f.get();
                rows += counts[0];
                checksum ^= counts[1];
            }
            cost = meter.stop();
        } finally {
            pool.shutdownNow();
        }
        String check = rows == contents.rows() ? null
                : "read " + rows + " rows but the shards hold " + contents.rows() + " (checksum " + checksum + ")";
        return new RoundResult(RoundResult.Kind.RAW_READ, round, rows, contents.valueBytes(), cost, 0, 0, check);
    }

    /** Returns {rows, checksum}. */
    private long[] readShard(String database) throws SQLException {
        long rows = 0;
        long checksum = 0;
        try (Connection c = server.connect(database);
             Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = s.executeQuery(SQL)) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    long customer = rs.getLong(2);
                    String status = rs.getString(3);
                    BigDecimal amount = rs.getBigDecimal(4);
                    String currency = rs.getString(5);
                    String note = rs.getString(6);
                    String payload = rs.getString(7);
                    LocalDateTime created = rs.getObject(8, LocalDateTime.class);
                    LocalDateTime updated = rs.getObject(9, LocalDateTime.class);
                    checksum = checksum * 31 + (id ^ customer ^ status.length() ^ amount.scale() ^ currency.length()
                            ^ (note == null ? 0 : note.length()) ^ (payload == null ? 0 : payload.length())
                            ^ created.getNano() ^ updated.getNano());
                    rows++;
                }
            }
        }
        return new long[] {rows, checksum};
    }
}

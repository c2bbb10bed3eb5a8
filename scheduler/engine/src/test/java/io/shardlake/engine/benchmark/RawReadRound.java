package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceiling: every row of every shard read with plain JDBC, {@code parallelism} shards at a
 * time, each a {@link TableScan} of every column in primary-key order, the server's cheapest pass
 * over the table.
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
            List<Future<TableScan.Result>> shards = new ArrayList<>();
            for (BenchDataset.Shard shard : contents.shards()) {
                shards.add(pool.submit(() -> readShard(shard.database())));
            }
            for (Future<TableScan.Result> f : shards) {
                TableScan.Result scan = f.get();
                rows += scan.rows();
                checksum ^= scan.checksum();
            }
            cost = meter.stop();
        } finally {
            pool.shutdownNow();
        }
        String check = rows == contents.rows() ? null
                : "read " + rows + " rows but the shards hold " + contents.rows() + " (checksum " + checksum + ")";
        return new RoundResult(RoundResult.Kind.RAW_READ, round, rows, contents.valueBytes(), cost, 0, 0, check);
    }

    private TableScan.Result readShard(String database) throws SQLException {
        try (Connection c = server.connect(database)) {
            return TableScan.read(c, SQL);
        }
    }
}

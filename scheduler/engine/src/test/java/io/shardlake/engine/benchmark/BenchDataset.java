package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The shard databases, by default the 12 {@code shardlake_bench_s01..s12}, each with an
 * {@code orders} table of N/12 rows. Shards already holding exactly their rows of the same N and {@link #SCHEMA_VERSION}
 * are reused; the others are reloaded, two at a time. Loading is timed but is not part of the
 * benchmark.
 */
final class BenchDataset {

    /** Bump when the table or the generated rows change, so old databases are reloaded. */
    static final int SCHEMA_VERSION = 3;

    static final String DATABASE_PREFIX = "shardlake_bench_s";

    /** Every column of {@code orders}, in table order: what is loaded and what the raw read fetches. */
    static final String ORDER_COLUMNS = "id, customer_id, status, amount, currency, note, payload, created_at, updated_at";

    /**
     * One shard database. {@code valueBytes}: the text length of every value it holds, the
     * bytes a full read transfers (see {@link ShardLoader#VALUE_BYTES_SQL}).
     */
    record Shard(int number, String id, String database, long rows, long valueBytes) {
        Shard withContents(long rowCount, long bytes) {
            return new Shard(number, id, database, rowCount, bytes);
        }
    }

    /** What a run reads: the shards, their total rows and value bytes. */
    record Contents(List<Shard> shards, long rows, long valueBytes) {
        static Contents of(List<Shard> shards) {
            return new Contents(List.copyOf(shards), shards.stream().mapToLong(Shard::rows).sum(),
                    shards.stream().mapToLong(Shard::valueBytes).sum());
        }
    }

    private final MySqlEndpoint server;
    private final int loadParallelism;
    private final String databasePrefix;
    private final int shards;

    BenchDataset(MySqlEndpoint server, int loadParallelism) {
        this(server, loadParallelism, DATABASE_PREFIX, BenchOptions.SHARDS);
    }

    /** The databases {@code <databasePrefix>01..<shards>}, for a benchmark whose data must not be shared with the others'. */
    BenchDataset(MySqlEndpoint server, int loadParallelism, String databasePrefix, int shards) {
        this.server = server;
        this.loadParallelism = loadParallelism;
        this.databasePrefix = databasePrefix;
        this.shards = shards;
    }

    /** The shards of {@code totalRows}, loading those that do not hold exactly what they should. */
    Contents ensure(long totalRows, boolean reload) throws Exception {
        List<Shard> planned = plan(totalRows);
        List<Shard> ready = new ArrayList<>();
        List<Shard> toLoad = new ArrayList<>();
        for (Shard shard : planned) {
            Shard existing = reload ? null : existing(shard, totalRows);
            if (existing != null) {
                ready.add(existing);
            } else {
                toLoad.add(shard);
            }
        }
        if (toLoad.isEmpty()) {
            System.out.printf("load   reused %d shard databases %s01..%02d (schema v%d, %,d rows)%n",
                    planned.size(), databasePrefix, planned.size(), SCHEMA_VERSION, totalRows);
        } else {
            ready.addAll(load(toLoad, totalRows));
        }
        ready.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return Contents.of(ready);
    }

    private List<Shard> plan(long totalRows) {
        List<Shard> planned = new ArrayList<>();
        for (int i = 1; i <= shards; i++) {
            long rows = totalRows / shards + (i <= totalRows % shards ? 1 : 0);
            planned.add(new Shard(i, String.format("s%02d", i), String.format("%s%02d", databasePrefix, i), rows, 0));
        }
        return planned;
    }

    /** The shard as loaded, when it holds exactly the planned rows of this N and schema version. */
    private Shard existing(Shard shard, long totalRows) {
        try (Connection c = server.connect(shard.database()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schema_version, total_rows, row_count FROM bench_info")) {
            if (!rs.next() || rs.getInt(1) != SCHEMA_VERSION || rs.getLong(2) != totalRows || rs.getLong(3) != shard.rows()) {
                return null;
            }
            Shard measured = ShardLoader.measure(c, shard);
            return measured.rows() == shard.rows() ? measured : null;
        } catch (SQLException e) {
            return null; // no such database or table yet
        }
    }

    private List<Shard> load(List<Shard> shards, long totalRows) throws Exception {
        // Rows end a day before today (UTC), so every window of the engine covers them all.
        LocalDateTime end = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(1);
        long target = shards.stream().mapToLong(Shard::rows).sum();
        System.out.printf("load   loading %d shard(s), %,d rows, %d at a time...%n", shards.size(), target, loadParallelism);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(loadParallelism);
        try {
            List<Future<Shard>> futures = new ArrayList<>();
            ShardLoader loader = new ShardLoader(server);
            for (Shard shard : shards) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    Shard loaded = loader.load(shard, totalRows, end);
                    System.out.printf("load   %s: %,d rows, %,d value bytes in %.1f s%n", shard.database(), loaded.rows(),
                            loaded.valueBytes(), (System.nanoTime() - t0) / 1e9);
                    return loaded;
                }));
            }
            List<Shard> loaded = new ArrayList<>();
            for (Future<Shard> f : futures) {
                loaded.add(f.get());
            }
            double seconds = Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0;
            System.out.printf("load   done: %,d rows in %.1f s (%,.0f rows/s; not part of the benchmark)%n", target, seconds,
                    target / seconds);
            return loaded;
        } finally {
            pool.shutdownNow();
        }
    }
}

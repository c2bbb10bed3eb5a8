package io.shardlake.app.nodes;

import io.shardlake.connectors.testing.MySqlShards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@code orders} table on every shard that receives new rows while the nodes run, and the
 * pipeline definitions that read it. Rows only get inserted, so the rows the lake must hold are
 * exactly the source rows below each shard's committed watermark.
 */
final class OrdersSource implements AutoCloseable {

    private static final String DDL = """
            CREATE TABLE orders (
              id BIGINT NOT NULL PRIMARY KEY,
              status VARCHAR(20) NOT NULL,
              updated_at DATETIME(3) NOT NULL,
              KEY orders_cursor (updated_at, id)
            )""";
    private static final DateTimeFormatter CURSOR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final MySqlShards shards;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
    private ScheduledExecutorService writer;

    OrdersSource(MySqlShards shards) throws SQLException {
        this.shards = shards;
        shards.executeOnAll("DROP TABLE IF EXISTS orders");
        shards.executeOnAll(DDL);
    }

    /** Inserts {@code rowsPerShard} rows into every shard, stamped with the source's clock. */
    void insert(int rowsPerShard) throws SQLException {
        for (String shard : shards.shardIds()) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < rowsPerShard; i++) {
                values.append(i == 0 ? "" : ", ").append("(").append(ids.incrementAndGet()).append(", 'new', UTC_TIMESTAMP(3))");
            }
            shards.execute(shard, "INSERT INTO orders (id, status, updated_at) VALUES " + values);
        }
    }

    /** Inserts one row per shard every {@code millis} until {@link #close()}. */
    void keepInserting(long millis) {
        writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleWithFixedDelay(() -> {
            try {
                insert(1);
            } catch (Exception e) {
                writeFailure.compareAndSet(null, e);
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Every row version a shard holds below its watermark ({@code shard -> cursor text}, as the
     * metadata stores it), as {@code shard|id|updated_at}; shards without a watermark hold none.
     */
    Set<String> versionsBelow(Map<String, String> watermarks) throws SQLException {
        Set<String> versions = new HashSet<>();
        for (Map.Entry<String, String> w : watermarks.entrySet()) {
            // The bound is text: the driver drops the fraction of bound timestamps on MariaDB.
            try (Connection c = shards.connection(w.getKey());
                 PreparedStatement s = c.prepareStatement("SELECT id, DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') FROM orders"
                         + " WHERE updated_at < CAST(? AS DATETIME(6))")) {
                s.setString(1, w.getValue());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Instant at = LocalDateTime.parse(rs.getString(2), CURSOR).toInstant(ZoneOffset.UTC);
                        versions.add(version(w.getKey(), rs.getLong(1), at));
                    }
                }
            }
        }
        return versions;
    }

    static String version(String shard, long id, Instant updatedAt) {
        return shard + "|" + id + "|" + updatedAt;
    }

    /** Writes {@code <name>.yaml}: the orders table of connection {@code shop} into the lake table {@code <name>}. */
    static void writeDefinition(Path folder, String name, String schedule) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + ".yaml"), """
                name: %s
                schedule: "%s"
                source: {connection: shop, table: orders}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: status, type: string}
                    - {name: updated_at, type: timestamp}
                runs: {retries: 1}
                """.formatted(name, schedule));
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.shutdown();
            writer.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
    }
}

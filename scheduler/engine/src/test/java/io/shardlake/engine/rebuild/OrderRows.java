package io.shardlake.engine.rebuild;

import io.shardlake.connectors.testing.MySqlShards;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/** Rows of the orders table on the shards, as the rebuild tests start from them. */
final class OrderRows {

    private OrderRows() {
    }

    /** Empties orders on every shard, then per shard {@code perDay} rows on each of the {@code days} days before today (UTC). */
    static void seed(MySqlShards shards, int days, int perDay) throws Exception {
        shards.executeOnAll("TRUNCATE TABLE orders");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String shard : shards.shardIds()) {
            for (int k = 1; k <= days; k++) {
                for (int j = 1; j <= perDay; j++) {
                    insert(shards, shard, 10 * k + j, "new", LocalDateTime.of(today.minusDays(k), LocalTime.of(j * 3, 0)));
                }
            }
        }
    }

    static void insert(MySqlShards shards, String shard, int id, String status, LocalDateTime updatedAt) throws Exception {
        shards.execute(shard, "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (" + id + ", '" + status
                + "', 1.00, NULL, NULL, '" + updatedAt + "')");
    }
}

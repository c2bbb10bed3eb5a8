package io.shardlake.app.browser;

import io.shardlake.connectors.testing.MySqlShards;
import java.sql.SQLException;

/**
 * What an analyst registers in the browser tests: an {@code orders} table on each MariaDB shard,
 * with a JSON payload to flatten and one row whose payload is not JSON (it must be quarantined,
 * not dropped).
 */
final class LabOrders {

    static final int ROWS_PER_SHARD = 6;
    /** Rows whose payload parses; one row per shard is malformed. */
    static final int GOOD_ROWS_PER_SHARD = ROWS_PER_SHARD - 1;

    private LabOrders() {
    }

    static void create(MySqlShards shards) throws SQLException {
        shards.executeOnAll("DROP TABLE IF EXISTS orders");
        shards.executeOnAll("""
                CREATE TABLE orders (
                  id BIGINT NOT NULL PRIMARY KEY,
                  status VARCHAR(20) NOT NULL,
                  amount DECIMAL(12,2) NOT NULL,
                  payload LONGTEXT,
                  updated_at DATETIME(3) NOT NULL,
                  KEY orders_cursor (updated_at, id)
                )""");
        int shardNumber = 0;
        for (String shard : shards.shardIds()) {
            shardNumber++;
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= ROWS_PER_SHARD; i++) {
                long id = shardNumber * 1000L + i;
                String payload = i == ROWS_PER_SHARD ? "'{not json'"
                        : "'{\"customer\":{\"tier\":\"" + (i % 2 == 0 ? "gold" : "silver") + "\",\"country\":\"BR\"},\"items\":[1,2]}'";
                values.append(i == 1 ? "" : ", ").append("(").append(id).append(", 'paid', ").append(i).append(".50, ")
                        .append(payload).append(", UTC_TIMESTAMP(3) - INTERVAL ").append(ROWS_PER_SHARD - i).append(" MINUTE)");
            }
            shards.execute(shard, "INSERT INTO orders (id, status, amount, payload, updated_at) VALUES " + values);
        }
    }
}

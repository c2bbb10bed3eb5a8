package io.shardlake.app.nodes;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.testing.DuckDbLake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the lake and the metadata database hold after nodes ran, read independently of the
 * service: the lake's rows through DuckDB, its files from the folder, the rest by SQL.
 */
final class LakeAudit {

    private final Path warehouse;
    private final JdbcTemplate metadata;

    LakeAudit(Path warehouse, DataSource metadata) {
        this.warehouse = warehouse;
        this.metadata = new JdbcTemplate(metadata);
    }

    /** Every row of a lake table as {@code shard|order_id|updated_at}, duplicates kept. */
    List<String> versions(String table) {
        if (!Files.isDirectory(warehouse.resolve(table))) {
            return List.of();
        }
        return DuckDbLake.query("SELECT _shard, order_id, updated_at FROM read_parquet(" + DuckDbLake.literal(warehouse.resolve(table)
                        + "/*/*.parquet") + ", hive_partitioning = true)").stream()
                .map(r -> OrdersSource.version((String) r.get("_shard"), (Long) r.get("order_id"), (Instant) r.get("updated_at")))
                .toList();
    }

    /** Keys of every file readers see in the lake. */
    Set<String> files() throws IOException {
        return new HashSet<>(new LocalObjectStore(warehouse).list(""));
    }

    /** Keys of the files of shard tasks that committed: what the lake must hold, and all it may hold. */
    Set<String> committedFiles() {
        return new HashSet<>(metadata.queryForList("SELECT f.object_key FROM shard_run_file f JOIN shard_run s"
                + " ON s.run_id = f.run_id AND s.shard = f.shard AND s.attempt = f.attempt WHERE s.state = 'SUCCEEDED'", String.class));
    }

    /** Shard to committed cursor (text, in the cursor's zone) of one pipeline. */
    Map<String, String> watermarks(String pipeline) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.query("SELECT shard, cursor_value FROM shard_watermark WHERE pipeline = ? ORDER BY shard",
                rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                }, pipeline);
        return out;
    }

    JdbcTemplate metadata() {
        return metadata;
    }
}

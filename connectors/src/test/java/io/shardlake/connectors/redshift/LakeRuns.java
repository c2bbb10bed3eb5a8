package io.shardlake.connectors.redshift;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.parquet.ParquetOptions;
import io.shardlake.connectors.parquet.PartitionedParquetWriter;
import io.shardlake.connectors.parquet.WrittenFile;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Test runs: rows of an orders table written as the engine writes them and published to a lake. */
final class LakeRuns {

    static final RowSchema ORDERS = new RowSchema(List.of(new Column("order_id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING), new Column("amount", ColumnType.decimal(12, 2)),
            new Column("payload", ColumnType.JSON), new Column("qty", ColumnType.INT),
            new Column("score", ColumnType.DOUBLE), new Column("paid", ColumnType.BOOLEAN),
            new Column("order_date", ColumnType.DATE), new Column("updated_at", ColumnType.TIMESTAMP)));

    private final ObjectStore lake;
    private final Path work;

    LakeRuns(ObjectStore lake, Path work) {
        this.lake = lake;
        this.work = work;
    }

    static List<Object[]> rows(Object[]... rows) {
        return List.of(rows);
    }

    /** A row of {@link #ORDERS}; the other values follow from the id. */
    static Object[] order(long id, String status, String amount, String updatedAt) {
        Instant at = Instant.parse(updatedAt);
        return new Object[] {id, status, new BigDecimal(amount), "{\"id\":" + id + "}", (int) id, id * 0.5, true,
                LocalDate.ofInstant(at, ZoneOffset.UTC), at};
    }

    List<LakeFile> publish(String run, String shard, List<Object[]> rows) throws Exception {
        return publish(ORDERS, run, shard, rows);
    }

    /**
     * Writes rows with the project's Parquet writer, partitioned by the UTC day of {@code updated_at},
     * and publishes each file at {@code orders/dt=.../<run>-<shard>-a1-<seq>.parquet}.
     */
    List<LakeFile> publish(RowSchema schema, String run, String shard, List<Object[]> rows) throws Exception {
        Path dir = work.resolve("out-" + UUID.randomUUID());
        List<WrittenFile> written;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(schema, ParquetOptions.defaults(), dir,
                run + "-" + shard + "-a1")) {
            int cursor = schema.indexOf("updated_at");
            for (Object[] row : rows) {
                writer.write("dt=" + LocalDate.ofInstant((Instant) row[cursor], ZoneOffset.UTC), row);
            }
            written = writer.finish();
        }
        List<LakeFile> files = new ArrayList<>();
        for (WrittenFile file : written) {
            String key = "orders/" + file.relativeKey();
            lake.publish(file.localPath(), key);
            files.add(new LakeFile(key, file.bytes()));
        }
        return files;
    }
}

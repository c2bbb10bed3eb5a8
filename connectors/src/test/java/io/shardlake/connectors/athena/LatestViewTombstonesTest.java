package io.shardlake.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.parquet.ParquetOptions;
import io.shardlake.connectors.parquet.PartitionedParquetWriter;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a table with tombstones ({@code _deleted}), the {@code _latest} view's query (run by DuckDB
 * over Parquet the engine's writer made) leaves out a key whose newest version is a tombstone, and
 * keeps one deleted and then written again.
 */
class LatestViewTombstonesTest {

    private static final RowSchema SCHEMA = OrdersTable.schema(List.of(
            new Column("order_id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING),
            new Column("updated_at", ColumnType.TIMESTAMP),
            new Column(AuditColumns.DELETED, ColumnType.BOOLEAN)));

    @TempDir
    Path lake;

    @Test
    void aKeyWhoseNewestVersionIsATombstoneIsGoneAndOneInsertedAgainIsBack() throws IOException {
        write(List.of(
                row(1, "live", "2026-11-24T08:00:00Z", false, 1),
                row(2, "soon deleted", "2026-11-24T08:00:00Z", false, 1),
                row(2, "soon deleted", "2026-11-24T09:00:00Z", true, 2),
                row(3, "deleted", "2026-11-24T08:00:00Z", true, 1),
                row(3, "inserted again", "2026-11-24T10:00:00Z", false, 3),
                row(4, "from before tombstones existed", "2026-11-24T08:00:00Z", null, null)));
        AthenaTable table = new AthenaTable("orders", OrdersTable.LOCATION, SCHEMA, List.of("order_id"), "updated_at",
                PartitionGranularity.DAY, Instant.parse("2026-11-23T00:00:00Z"));

        String view = new AthenaDdl("shardlake").latestView(table);
        String select = view.substring(view.indexOf(" AS\n") + " AS\n".length()).replace("\"shardlake\".\"orders\"",
                "read_parquet(" + DuckDbLake.literal(lake.resolve("orders") + "/*/*.parquet") + ", hive_partitioning = true,"
                        + " hive_types = {'dt': VARCHAR})");
        List<Map<String, Object>> latest = DuckDbLake.query(select + " ORDER BY \"order_id\"");

        assertThat(latest).extracting(r -> r.get("order_id") + " " + r.get("status"))
                .containsExactly("1 live", "3 inserted again", "4 from before tombstones existed");
    }

    private void write(List<Object[]> rows) throws IOException {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), lake.resolve("orders"),
                "run-shard01-a1")) {
            for (Object[] row : rows) {
                writer.write(PartitionGranularity.DAY.folderOf((Instant) row[2]), row);
            }
            writer.finish();
        }
    }

    private static Object[] row(long id, String status, String updatedAt, Boolean deleted, Integer runSeq) {
        return new Object[] {id, status, Instant.parse(updatedAt), deleted, "shard01", Instant.parse(updatedAt), "r" + runSeq,
                runSeq == null ? null : runSeq.longValue()};
    }
}

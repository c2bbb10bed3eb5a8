package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionedParquetWriterTest {

    private static final RowSchema SCHEMA = new RowSchema(List.of(
            new Column("id", ColumnType.BIGINT),
            new Column("payload", ColumnType.JSON),
            new Column("amount", ColumnType.decimal(9, 2)),
            new Column("created_at", ColumnType.TIMESTAMP)));

    @TempDir
    Path lake;

    private Path table() {
        return lake.resolve("orders");
    }

    private static Object[] row(long id) {
        return new Object[] {id, Utf8.of("{\"id\":" + id + "}"), BigDecimal.valueOf(id % 100_000, 2),
                Instant.ofEpochMilli(1_700_000_000_000L + id)};
    }

    private static String dt(int day) {
        return "dt=" + LocalDate.of(2026, 11, 1).plusDays(day);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void rows_of_one_partition_go_to_one_file_named_prefix_and_sequence() throws Exception {
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "r42-shard01")) {
            for (long i = 0; i < 100; i++) {
                writer.write(dt(0), row(i));
            }
            files = writer.finish();
        }

        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.partition()).isEqualTo("dt=2026-11-01");
            assertThat(f.fileName()).isEqualTo("r42-shard01-0001.parquet");
            assertThat(f.localPath()).isEqualTo(table().resolve("dt=2026-11-01/r42-shard01-0001.parquet"));
            assertThat(f.rows()).isEqualTo(100);
            assertThat(f.bytes()).isEqualTo(Files.size(f.localPath()));
            assertThat(f.relativeKey()).isEqualTo("dt=2026-11-01/r42-shard01-0001.parquet");
        });
        assertThat(DuckDbLake.count(lake, "orders")).isEqualTo(100);
    }

    @Test
    void a_file_rolls_over_once_it_passes_the_target_size_and_the_rows_add_up() throws Exception {
        long target = 64 * 1024;
        ParquetOptions options = ParquetOptions.defaults().withTargetFileBytes(target);
        Random random = new Random(7);
        int rows = 20_000;
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            for (long i = 0; i < rows; i++) {
                Object[] row = row(i);
                row[1] = Utf8.of("{\"noise\":\"" + Long.toHexString(random.nextLong()) + "\"}");
                writer.write(dt(0), row);
            }
            files = writer.finish();
        }

        assertThat(files).hasSizeGreaterThan(3);
        assertThat(files).extracting(WrittenFile::fileName).startsWith("p-0001.parquet", "p-0002.parquet", "p-0003.parquet");
        assertThat(files.stream().mapToLong(WrittenFile::rows).sum()).isEqualTo(rows);
        assertThat(files.subList(0, files.size() - 1))
                .allSatisfy(f -> assertThat(f.bytes()).isBetween(target / 2, target * 2));
        assertThat(DuckDbLake.count(lake, "orders")).isEqualTo(rows);
        assertThat(DuckDbLake.query("SELECT count(DISTINCT id) AS n FROM read_parquet("
                + DuckDbLake.literal(table() + "/*/*.parquet") + ")").get(0).get("n")).isEqualTo((long) rows);
    }

    @Test
    void interleaved_partitions_beyond_the_open_file_limit_keep_every_row_in_its_partition() throws Exception {
        ParquetOptions options = ParquetOptions.defaults().withMaxOpenFiles(2);
        int partitions = 5;
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            // Runs of 3 rows per partition, round robin: every switch needs a file that may have been closed.
            for (long i = 0; i < 300; i++) {
                writer.write(dt((int) (i / 3 % partitions)), row(i));
                assertThat(writer.openFiles()).isLessThanOrEqualTo(2);
            }
            assertThat(writer.evictions()).isPositive();
            files = writer.finish();
        }

        List<Map<String, Object>> perPartition = DuckDbLake.query("SELECT dt, count(*) AS n, "
                + "bool_and((id // 3) % 5 = datediff('day', DATE '2026-11-01', dt)) AS all_in_place FROM read_parquet("
                + DuckDbLake.literal(table() + "/*/*.parquet") + ", hive_partitioning = true) GROUP BY dt ORDER BY dt");
        assertThat(perPartition).hasSize(partitions).allSatisfy(p -> {
            assertThat(p.get("n")).isEqualTo(60L);
            assertThat(p.get("all_in_place")).isEqualTo(true);
        });
        assertThat(files.stream().mapToLong(WrittenFile::rows).sum()).isEqualTo(300);
        assertThat(files).filteredOn(f -> f.partition().equals(dt(0))).extracting(WrittenFile::fileName)
                .startsWith("p-0001.parquet", "p-0002.parquet");
    }

    @Test
    void the_most_recently_written_partitions_stay_open() throws Exception {
        ParquetOptions options = ParquetOptions.defaults().withMaxOpenFiles(2);
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            writer.write(dt(0), row(1));
            writer.write(dt(1), row(2));
            writer.write(dt(0), row(3)); // dt(1) is now the least recently written
            writer.write(dt(2), row(4)); // closes dt(1), not dt(0)
            writer.write(dt(0), row(5));

            assertThat(writer.evictions()).isEqualTo(1);
            List<WrittenFile> files = writer.finish();
            assertThat(files).extracting(WrittenFile::relativeKey).containsExactly(
                    "dt=2026-11-01/p-0001.parquet", "dt=2026-11-02/p-0001.parquet", "dt=2026-11-03/p-0001.parquet");
            assertThat(files).extracting(WrittenFile::rows).containsExactly(3L, 1L, 1L);
        }
    }

    @Test
    void abort_deletes_every_file_and_folder_it_created_closed_or_open() throws Exception {
        Files.createDirectories(table());
        PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA,
                ParquetOptions.defaults().withTargetFileBytes(16 * 1024).withMaxOpenFiles(2), table(), "p");
        for (long i = 0; i < 5000; i++) {
            writer.write(dt((int) (i / 1000 % 3)), row(i)); // rolls by size and evicts
        }
        assertThat(writer.filesWritten()).isPositive();
        assertThat(writer.openFiles()).isPositive();

        writer.abort();

        assertThat(filesUnder(table())).isEmpty();
        try (Stream<Path> left = Files.list(table())) {
            assertThat(left).isEmpty();
        }
        assertThatThrownBy(() -> writer.write(dt(0), row(1))).isInstanceOf(IllegalStateException.class);
        writer.abort(); // repeatable
    }

    @Test
    void closing_without_finish_aborts() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            writer.write(dt(0), row(1));
        }

        assertThat(filesUnder(lake)).isEmpty();
    }

    @Test
    void a_decimal_with_the_wrong_scale_is_rejected_with_a_clear_message_and_not_written() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            Object[] bad = row(1);
            bad[2] = new BigDecimal("12.345");

            assertThatThrownBy(() -> writer.write(dt(0), bad))
                    .isInstanceOf(InvalidRowException.class)
                    .hasMessageContaining("'amount'")
                    .hasMessageContaining("decimal(9,2)")
                    .hasMessageContaining("12.345 has scale 3")
                    .hasMessageContaining("scale to 2");
            assertThat(filesUnder(table())).as("no empty file for a rejected first row").isEmpty();

            writer.write(dt(0), row(2));
            assertThatThrownBy(() -> writer.write(dt(0), bad)).isInstanceOf(InvalidRowException.class);
            writer.write(dt(0), row(3));
            assertThat(writer.rowsWritten()).isEqualTo(2);
            writer.finish();
        }

        assertThat(DuckDbLake.readTable(lake, "orders", "id")).extracting(r -> r.get("id")).containsExactly(2L, 3L);
    }

    @Test
    void values_of_the_wrong_type_or_size_are_rejected_and_the_writer_goes_on() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            writer.write(dt(0), row(1));

            Object[] intForBigint = row(2);
            intForBigint[0] = 2;
            assertThatThrownBy(() -> writer.write(dt(0), intForBigint))
                    .isInstanceOf(InvalidRowException.class)
                    .hasMessageContaining("column 'id' (bigint) takes Long, not java.lang.Integer");
            Object[] tooManyDigits = row(3);
            tooManyDigits[2] = new BigDecimal("12345678.90");
            assertThatThrownBy(() -> writer.write(dt(0), tooManyDigits))
                    .isInstanceOf(InvalidRowException.class)
                    .hasMessageContaining("10 digits, more than 9");
            assertThatThrownBy(() -> writer.write(dt(0), new Object[] {4L}))
                    .isInstanceOf(InvalidRowException.class)
                    .hasMessageContaining("row has 1 values but the schema has 4 columns");
            Object[] localDateTime = row(5);
            localDateTime[3] = java.time.LocalDateTime.of(2026, 11, 23, 0, 0);
            assertThatThrownBy(() -> writer.write(dt(0), localDateTime))
                    .isInstanceOf(InvalidRowException.class)
                    .hasMessageContaining("takes Instant");

            writer.write(dt(0), row(6));
            writer.finish();
        }

        assertThat(DuckDbLake.readTable(lake, "orders", "id")).extracting(r -> r.get("id")).containsExactly(1L, 6L);
    }

    @Test
    void partitions_must_be_relative_visible_folders() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            for (String bad : List.of("", " ", "/dt=2026-11-23", "../dt=2026-11-23", "dt=2026-11-23/..", "_tmp",
                    ".hidden", "dt=2026-11-23/", "a//b", "a\\b")) {
                assertThatThrownBy(() -> writer.write(bad, row(1))).as(bad).isInstanceOf(IllegalArgumentException.class);
            }
            writer.write("dt=2026-11-23/shard=3", row(1));
            assertThat(writer.finish()).extracting(WrittenFile::relativeKey)
                    .containsExactly("dt=2026-11-23/shard=3/p-0001.parquet");
        }
    }

    @Test
    void an_existing_file_is_never_replaced_and_survives_abort() throws Exception {
        Path existing = table().resolve("dt=2026-11-01/p-0001.parquet");
        Files.createDirectories(existing.getParent());
        Files.writeString(existing, "someone else's");
        PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p");

        assertThatThrownBy(() -> writer.write(dt(0), row(1))).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> writer.write(dt(0), row(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed");
        writer.abort();

        assertThat(Files.readString(existing)).isEqualTo("someone else's");
    }

    @Test
    void running_totals_count_rows_and_bytes() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            assertThat(writer.rowsWritten()).isZero();
            assertThat(writer.bytesWritten()).isZero();
            for (long i = 0; i < 1000; i++) {
                writer.write(dt((int) (i % 2)), row(i));
            }
            assertThat(writer.rowsWritten()).isEqualTo(1000);
            assertThat(writer.bytesWritten()).isPositive();

            List<WrittenFile> files = writer.finish();

            assertThat(writer.bytesWritten()).isEqualTo(files.stream().mapToLong(WrittenFile::bytes).sum());
            assertThat(writer.finish()).isEqualTo(files);
        }
    }

    @Test
    void unknown_dictionary_override_columns_and_bad_prefixes_are_rejected_up_front() {
        ParquetOptions options = ParquetOptions.defaults().withDictionaryOverrides(Map.of("missing", true));

        assertThatThrownBy(() -> new PartitionedParquetWriter(SCHEMA, options, table(), "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "_p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

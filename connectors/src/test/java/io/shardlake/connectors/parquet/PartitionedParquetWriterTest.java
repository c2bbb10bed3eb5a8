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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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

    /** Ids of each partition's rows in file and row order, as DuckDB reads them. */
    private Map<String, List<Long>> idsInFileOrder() {
        Map<String, List<Long>> ids = new TreeMap<>();
        for (Map<String, Object> r : DuckDbLake.query("SELECT dt, id FROM read_parquet("
                + DuckDbLake.literal(table() + "/*/*.parquet")
                + ", hive_partitioning = true, filename = true, file_row_number = true) ORDER BY filename, file_row_number")) {
            ids.computeIfAbsent("dt=" + r.get("dt"), k -> new ArrayList<>()).add((Long) r.get("id"));
        }
        return ids;
    }

    private List<Path> spillFiles() throws IOException {
        return filesUnder(table().resolve(PartitionedParquetWriter.SPILL_FOLDER));
    }

    @Test
    void interleaved_input_spills_instead_of_evicting_and_gives_one_file_per_partition_rows_in_arrival_order() throws Exception {
        int partitions = 30;
        int rows = 30_000;
        Random random = new Random(11);
        Map<String, List<Long>> expected = new TreeMap<>();
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            for (long id = 0; id < rows; id++) {
                // As read in primary-key order: the date of each row independent of its key.
                String dt = dt(random.nextInt(partitions));
                writer.write(dt, row(id));
                expected.computeIfAbsent(dt, k -> new ArrayList<>()).add(id);
                assertThat(writer.openFiles()).isLessThanOrEqualTo(ParquetOptions.DEFAULT_MAX_OPEN_FILES);
            }
            assertThat(spillFiles()).hasSize(partitions - ParquetOptions.DEFAULT_MAX_OPEN_FILES);
            files = writer.finish();

            assertThat(writer.evictions()).isZero();
            assertThat(writer.spilledRows()).isBetween(rows / 2L, (long) rows);
            assertThat(writer.rowsWritten()).isEqualTo(rows);
        }

        assertThat(files).hasSize(partitions).allSatisfy(f -> assertThat(f.fileName()).isEqualTo("p-0001.parquet"));
        assertThat(files.stream().mapToLong(WrittenFile::rows).sum()).isEqualTo(rows);
        assertThat(idsInFileOrder()).isEqualTo(expected);
        assertThat(filesUnder(table())).as("spill files are gone").hasSize(partitions);
        assertThat(table().resolve(PartitionedParquetWriter.SPILL_FOLDER)).doesNotExist();
        // Spilled values come back whole: compare every column with what was written.
        List<Map<String, Object>> read = DuckDbLake.readTable(lake, "orders", "id");
        assertThat(read).hasSize(rows);
        for (Map<String, Object> r : read) {
            Object[] want = row((Long) r.get("id"));
            assertThat(r.get("payload")).isEqualTo(want[1].toString());
            assertThat(r.get("amount")).isEqualTo(want[2]);
            assertThat(r.get("created_at")).isEqualTo(want[3]);
        }
    }

    /**
     * Page and chunk buffers are recycled from file to file ({@link RecyclingBufferAllocator}): with
     * many small row groups, files rolling over, pages of very different sizes and rows both held and
     * spilled, every value must still read back as written.
     */
    @Test
    void every_value_reads_back_through_recycled_buffers_across_row_groups_files_and_spills() throws Exception {
        int rows = 40_000;
        Random random = new Random(20261208);
        Map<Long, String> payloads = new java.util.HashMap<>();
        ParquetOptions small = ParquetOptions.defaults().withTargetFileBytes(400_000).withRowGroupBytes(60_000).withMaxOpenFiles(4);
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, small, table(), "p")) {
            for (long id = 0; id < rows; id++) {
                StringBuilder text = new StringBuilder("{\"id\":").append(id).append(",\"s\":\"");
                int length = random.nextInt(10) == 0 ? 500 + random.nextInt(3000) : random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                String payload = text.append("\"}").toString();
                payloads.put(id, payload);
                Object[] row = row(id);
                row[1] = Utf8.of(payload);
                writer.write(dt(random.nextInt(12)), row);
            }
            files = writer.finish();
            assertThat(writer.spilledRows()).isPositive();
        }
        assertThat(files.size()).as("files rolled over").isGreaterThan(12);

        List<Map<String, Object>> read = DuckDbLake.readTable(lake, "orders", "id");
        assertThat(read).hasSize(rows);
        for (Map<String, Object> r : read) {
            long id = (Long) r.get("id");
            Object[] want = row(id);
            assertThat(r.get("payload")).as("payload of %d", id).isEqualTo(payloads.get(id));
            assertThat(r.get("amount")).isEqualTo(want[2]);
            assertThat(r.get("created_at")).isEqualTo(want[3]);
        }
    }

    @Test
    void ordered_input_evicts_finished_partitions_and_spills_nothing() throws Exception {
        int partitions = 30;
        int perPartition = 2_000;
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            // As read in cursor order: one date after the other.
            for (long id = 0; id < (long) partitions * perPartition; id++) {
                writer.write(dt((int) (id / perPartition)), row(id));
            }
            files = writer.finish();

            assertThat(writer.spilledRows()).isZero();
            assertThat(writer.evictions()).isEqualTo(partitions - ParquetOptions.DEFAULT_MAX_OPEN_FILES);
        }

        assertThat(files).hasSize(partitions).allSatisfy(f -> assertThat(f.rows()).isEqualTo(perPartition));
        assertThat(table().resolve(PartitionedParquetWriter.SPILL_FOLDER)).doesNotExist();
        assertThat(DuckDbLake.count(lake, "orders")).isEqualTo((long) partitions * perPartition);
    }

    @Test
    void fewer_rows_than_the_dictionary_sample_spill_and_are_written_at_finish() throws Exception {
        int partitions = 30;
        int rows = 300; // all held for the sample until finish()
        Map<String, List<Long>> expected = new TreeMap<>();
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            for (long id = 0; id < rows; id++) {
                String dt = dt((int) (id % partitions));
                writer.write(dt, row(id));
                expected.computeIfAbsent(dt, k -> new ArrayList<>()).add(id);
            }
            assertThat(filesUnder(table())).isEmpty();
            files = writer.finish();

            assertThat(writer.spilledRows()).isEqualTo(rows - rows / partitions * ParquetOptions.DEFAULT_MAX_OPEN_FILES);
        }

        assertThat(files).hasSize(partitions).allSatisfy(f -> assertThat(f.rows()).isEqualTo(rows / partitions));
        assertThat(idsInFileOrder()).isEqualTo(expected);
        assertThat(filesUnder(table())).hasSize(partitions);
    }

    @Test
    void a_spilled_partition_is_split_by_the_target_size_when_written() throws Exception {
        long target = 64 * 1024;
        ParquetOptions options = ParquetOptions.defaults().withTargetFileBytes(target).withMaxOpenFiles(2);
        Random random = new Random(7);
        int rows = 30_000;
        Map<String, List<Long>> expected = new TreeMap<>();
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            for (long id = 0; id < rows; id++) {
                Object[] row = row(id);
                row[1] = Utf8.of("{\"noise\":\"" + Long.toHexString(random.nextLong()) + "\"}");
                String dt = dt((int) (id % 3));
                writer.write(dt, row);
                expected.computeIfAbsent(dt, k -> new ArrayList<>()).add(id);
            }
            files = writer.finish();

            assertThat(writer.spilledRows()).isEqualTo(rows / 3);
        }

        List<WrittenFile> spilled = files.stream().filter(f -> f.partition().equals(dt(2))).toList();
        assertThat(spilled).hasSizeGreaterThan(3);
        assertThat(spilled).extracting(WrittenFile::fileName).startsWith("p-0001.parquet", "p-0002.parquet", "p-0003.parquet");
        assertThat(spilled.subList(0, spilled.size() - 1))
                .allSatisfy(f -> assertThat(f.bytes()).isBetween(target / 2, target * 2));
        assertThat(files.stream().mapToLong(WrittenFile::rows).sum()).isEqualTo(rows);
        assertThat(idsInFileOrder()).isEqualTo(expected);
    }

    @Test
    void a_partition_closed_while_cold_that_returns_among_hot_ones_spills_into_its_next_file() throws Exception {
        ParquetOptions options = ParquetOptions.defaults().withMaxOpenFiles(2);
        long run = PartitionedParquetWriter.COLD_ROWS_PER_OPEN_FILE * 2 + 100; // longer than the cold threshold
        Map<String, List<Long>> expected = new TreeMap<>();
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            long id = 0;
            for (long i = 0; i < run; i++) {
                write(writer, expected, dt(0), id++);
            }
            for (long i = 0; i < run; i++) {
                write(writer, expected, dt(1), id++);
            }
            write(writer, expected, dt(2), id++); // dt(0) has gone cold: closed
            assertThat(writer.evictions()).isEqualTo(1);
            for (int i = 0; i < 3000; i++) {
                write(writer, expected, dt(i % 3), id++); // dt(0) is back while dt(1) and dt(2) are hot
            }
            files = writer.finish();

            assertThat(writer.evictions()).isEqualTo(1);
            assertThat(writer.spilledRows()).isEqualTo(1000);
        }

        assertThat(files).extracting(WrittenFile::relativeKey).containsExactly("dt=2026-11-01/p-0001.parquet",
                "dt=2026-11-01/p-0002.parquet", "dt=2026-11-02/p-0001.parquet", "dt=2026-11-03/p-0001.parquet");
        assertThat(files).extracting(WrittenFile::rows).containsExactly(run, 1000L, run + 1000, 1001L);
        assertThat(idsInFileOrder()).isEqualTo(expected);
    }

    private static void write(PartitionedParquetWriter writer, Map<String, List<Long>> expected, String dt, long id)
            throws IOException {
        writer.write(dt, row(id));
        expected.computeIfAbsent(dt, k -> new ArrayList<>()).add(id);
    }

    @Test
    void the_most_recently_written_partitions_stay_open() throws Exception {
        ParquetOptions options = ParquetOptions.defaults().withMaxOpenFiles(2);
        long cold = PartitionedParquetWriter.COLD_ROWS_PER_OPEN_FILE * 2;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            writer.write(dt(0), row(0));
            writer.write(dt(1), row(1));
            for (long id = 2; id < cold + 2; id++) {
                writer.write(dt(0), row(id)); // dt(1) is now the least recently written, and goes cold
            }
            writer.write(dt(2), row(cold + 2)); // closes dt(1), not dt(0)
            writer.write(dt(0), row(cold + 3));

            List<WrittenFile> files = writer.finish();
            assertThat(writer.evictions()).isEqualTo(1);
            assertThat(writer.spilledRows()).isZero();
            assertThat(files).extracting(WrittenFile::relativeKey).containsExactly(
                    "dt=2026-11-01/p-0001.parquet", "dt=2026-11-02/p-0001.parquet", "dt=2026-11-03/p-0001.parquet");
            assertThat(files).extracting(WrittenFile::rows).containsExactly(cold + 2, 1L, 1L);
        }
    }

    @Test
    void abort_deletes_spill_files_and_their_folder() throws Exception {
        Files.createDirectories(table());
        PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA,
                ParquetOptions.defaults().withMaxOpenFiles(2), table(), "p");
        for (long id = 0; id < 5000; id++) {
            writer.write(dt((int) (id % 5)), row(id));
        }
        assertThat(writer.spilledRows()).isEqualTo(3000);
        assertThat(spillFiles()).hasSize(3).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".rows"));

        writer.abort();

        try (Stream<Path> left = Files.list(table())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void closing_without_finish_deletes_spill_files_too() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA,
                ParquetOptions.defaults().withMaxOpenFiles(1), table(), "p")) {
            for (long id = 0; id < 2000; id++) {
                writer.write(dt((int) (id % 2)), row(id));
            }
            assertThat(spillFiles()).hasSize(1);
        }

        assertThat(filesUnder(lake)).isEmpty();
        assertThat(table()).doesNotExist();
    }

    @Test
    void a_bad_row_of_a_spilled_partition_is_rejected_and_the_writer_goes_on() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA,
                ParquetOptions.defaults().withMaxOpenFiles(1), table(), "p")) {
            for (long id = 0; id < 2000; id++) {
                writer.write(dt((int) (id % 2)), row(id));
            }
            assertThat(writer.spilledRows()).isEqualTo(1000);
            Object[] bad = row(2000);
            bad[2] = new BigDecimal("1.234");

            assertThatThrownBy(() -> writer.write(dt(1), bad)).isInstanceOf(InvalidRowException.class);
            writer.write(dt(1), row(2001));
            writer.finish();

            assertThat(writer.spilledRows()).isEqualTo(1001);
            assertThat(writer.rowsWritten()).isEqualTo(2001);
        }

        assertThat(DuckDbLake.count(lake, "orders")).isEqualTo(2001);
        assertThat(DuckDbLake.query("SELECT count(*) AS n FROM read_parquet(" + DuckDbLake.literal(table() + "/*/*.parquet")
                + ") WHERE id = 2000").get(0).get("n")).isEqualTo(0L);
    }

    @Test
    void abort_deletes_every_file_and_folder_it_created_closed_or_open() throws Exception {
        Files.createDirectories(table());
        PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA,
                ParquetOptions.defaults().withTargetFileBytes(16 * 1024).withMaxOpenFiles(2), table(), "p");
        for (long i = 0; i < 5000; i++) {
            // Rolls by size; runs of 1,000 rows are too short to go cold, so dt(2) spills.
            writer.write(dt((int) (i / 1000 % 3)), row(i));
        }
        assertThat(writer.filesWritten()).isPositive();
        assertThat(writer.openFiles()).isPositive();
        assertThat(writer.spilledRows()).isPositive();

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

        writer.write(dt(0), row(1)); // held for the dictionary sample: no file yet
        assertThatThrownBy(writer::finish).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> writer.write(dt(0), row(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed");
        writer.abort();

        assertThat(Files.readString(existing)).isEqualTo("someone else's");
    }

    @Test
    void a_file_that_cannot_be_created_fails_the_write_that_completes_the_sample() throws Exception {
        Path existing = table().resolve("dt=2026-11-01/p-0001.parquet");
        Files.createDirectories(existing.getParent());
        Files.writeString(existing, "someone else's");
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            for (long i = 1; i < DictionarySample.MAX_ROWS; i++) {
                writer.write(dt(0), row(i));
            }

            assertThatThrownBy(() -> writer.write(dt(0), row(0))).isInstanceOf(FileAlreadyExistsException.class);
            assertThatThrownBy(() -> writer.write(dt(0), row(0))).isInstanceOf(IllegalStateException.class);
        }

        assertThat(Files.readString(existing)).isEqualTo("someone else's");
    }

    @Test
    void running_totals_count_rows_and_bytes() throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            assertThat(writer.rowsWritten()).isZero();
            assertThat(writer.bytesWritten()).isZero();
            int held = DictionarySample.MAX_ROWS - 1;
            for (long i = 0; i < held; i++) {
                writer.write(dt((int) (i % 2)), row(i));
            }
            assertThat(writer.rowsWritten()).isEqualTo(held);
            assertThat(writer.bytesWritten()).as("rows held for the sample are not in a file yet").isZero();
            for (long i = held; i < 3000; i++) {
                writer.write(dt((int) (i % 2)), row(i));
            }
            assertThat(writer.rowsWritten()).isEqualTo(3000);
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

package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dictionary encoding chosen per column from the writer's first rows, checked in the files' footers. */
class DictionaryEncodingTest {

    private static final RowSchema SCHEMA = new RowSchema(List.of(
            new Column("id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING),
            new Column("note", ColumnType.STRING),
            // A JSON payload mapped as text: by type it would get a dictionary.
            new Column("payload", ColumnType.STRING),
            new Column("code", ColumnType.BIGINT),
            new Column("created_at", ColumnType.TIMESTAMP)));

    private static final List<String> STATUSES = List.of("new", "paid", "packed", "shipped", "returned");

    @TempDir
    Path lake;

    private Path table() {
        return lake.resolve("orders");
    }

    private static Object[] row(long id) {
        return new Object[] {id, Utf8.of(STATUSES.get((int) (id % STATUSES.size()))),
                Utf8.of("call before delivery, order " + id),
                Utf8.of("{\"id\":" + id + ",\"customer\":{\"tier\":\"gold\"},\"items\":[" + id % 4 + "]}"),
                id % 3, Instant.ofEpochMilli(1_700_000_000_000L + id)};
    }

    private static String dt(long id) {
        return "dt=" + LocalDate.of(2026, 11, 1).plusDays(id % 2);
    }

    private List<WrittenFile> write(ParquetOptions options, int rows) throws IOException {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            for (long id = 0; id < rows; id++) {
                writer.write(dt(id), row(id));
            }
            return writer.finish();
        }
    }

    /** Per column of one file, whether its chunks start with a dictionary page. */
    private static Map<String, Boolean> dictionaryPages(Path file) {
        Map<String, Boolean> used = new LinkedHashMap<>();
        for (Map<String, Object> chunk : DuckDbLake.parquetMetadata(file)) {
            used.merge((String) chunk.get("path_in_schema"), chunk.get("dictionary_page_offset") != null, Boolean::logicalOr);
        }
        return used;
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** Rows of any file whose id is lower than the row before it in that file. */
    private long rowsOutOfOrder() {
        return (Long) DuckDbLake.query("SELECT count(*) AS n FROM (SELECT id, lag(id) OVER (PARTITION BY filename"
                + " ORDER BY file_row_number) AS prev FROM read_parquet(" + DuckDbLake.literal(table() + "/*/*.parquet")
                + ", filename = true, file_row_number = true)) WHERE id < prev").get(0).get("n");
    }

    private static Map<String, Object> expected(long id) {
        Object[] row = row(id);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < SCHEMA.size(); i++) {
            map.put(SCHEMA.column(i).name(), row[i] instanceof Utf8 u ? u.toString() : row[i]);
        }
        map.put("dt", LocalDate.parse(dt(id).substring(3)));
        return map;
    }

    @Test
    void unique_text_gets_no_dictionary_and_repetitive_columns_of_any_type_get_one_in_every_file() throws Exception {
        List<WrittenFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA,
                ParquetOptions.defaults().withTargetFileBytes(64 * 1024), table(), "p")) {
            for (long id = 0; id < 20_000; id++) {
                writer.write(dt(id), row(id));
            }
            // The choice itself: a footer cannot show it for unique columns, because parquet-java
            // drops a dictionary that does not shrink the first page (after paying for it).
            assertThat(writer.dictionaryColumns()).containsExactly("status", "code");
            files = writer.finish();
        }

        assertThat(files).hasSizeGreaterThan(4);
        for (WrittenFile file : files) {
            assertThat(dictionaryPages(file.localPath())).as(file.relativeKey()).containsExactly(
                    Map.entry("id", false), Map.entry("status", true), Map.entry("note", false),
                    Map.entry("payload", false), Map.entry("code", true), Map.entry("created_at", false));
        }
        assertThat(DuckDbLake.count(lake, "orders")).isEqualTo(20_000);
        assertThat(rowsOutOfOrder()).isZero();
    }

    @Test
    void overrides_win_over_the_sample() throws Exception {
        ParquetOptions options = ParquetOptions.defaults().withDictionaryOverrides(Map.of("status", false, "note", true));
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            for (long id = 0; id < 2 * DictionarySample.MAX_ROWS; id++) {
                writer.write(dt(id), row(id));
            }
            assertThat(writer.dictionaryColumns()).containsExactly("note", "code");
            List<WrittenFile> files = writer.finish();

            // The forced dictionary on unique notes leaves no trace in the files (see above); the
            // refused one on statuses does.
            assertThat(files).allSatisfy(f -> assertThat(dictionaryPages(f.localPath()))
                    .containsEntry("status", false).containsEntry("code", true));
        }
    }

    @Test
    void text_dictionaries_write_every_value_exactly_also_past_the_point_where_one_falls_back_to_plain() throws Exception {
        // Notes repeat (2,000 distinct values of ~300 bytes, ~600 KB) until id 6,000, then are
        // unique: the forced dictionary outgrows parquet's 1 MiB limit within a file and falls back.
        String padding = "p".repeat(290);
        ParquetOptions options = ParquetOptions.defaults().withDictionaryOverrides(Map.of("note", true))
                .withTargetFileBytes(4L << 20);
        List<Map<String, Object>> expected = new ArrayList<>();
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, table(), "p")) {
            for (long id = 0; id < 12_000; id++) {
                Object[] row = row(id);
                row[2] = Utf8.of("note " + (id < 6_000 ? id % 2_000 : id) + padding);
                writer.write(dt(id), row);
                Map<String, Object> map = expected(id);
                map.put("note", row[2].toString());
                expected.add(map);
            }
            assertThat(writer.dictionaryColumns()).containsExactly("status", "note", "code");
            assertThat(writer.finish()).allSatisfy(f -> assertThat(dictionaryPages(f.localPath()))
                    .containsEntry("status", true).containsEntry("note", true));
        }

        assertThat(DuckDbLake.readTable(lake, "orders", "id")).containsExactlyElementsOf(expected);
    }

    @Test
    void fewer_rows_than_the_sample_are_held_until_finish_then_written_exactly_and_in_order() throws Exception {
        int rows = DictionarySample.MAX_ROWS / 4;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            for (long id = 0; id < rows; id++) {
                writer.write(dt(id), row(id));
            }
            assertThat(filesUnder(lake)).isEmpty();
            assertThat(writer.openFiles()).isZero();
            assertThat(writer.dictionaryColumns()).isEmpty();
            assertThat(writer.rowsWritten()).isEqualTo(rows);

            assertThat(writer.finish()).extracting(WrittenFile::rows).containsExactly((long) rows / 2, (long) rows / 2);
            assertThat(writer.dictionaryColumns()).containsExactly("status", "code");
        }

        List<Map<String, Object>> expected = new ArrayList<>();
        for (long id = 0; id < rows; id++) {
            expected.add(expected(id));
        }
        assertThat(DuckDbLake.readTable(lake, "orders", "id")).containsExactlyElementsOf(expected);
        assertThat(rowsOutOfOrder()).isZero();
    }

    @Test
    void a_sample_too_small_to_judge_falls_back_to_the_type_default() throws Exception {
        int rows = ParquetOptions.MIN_SAMPLED_VALUES - 1;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            for (long id = 0; id < rows; id++) {
                writer.write(dt(id), row(id));
            }
            writer.finish();

            assertThat(writer.dictionaryColumns()).containsExactly("status", "note", "payload");
        }

        assertThat(DuckDbLake.readTable(lake, "orders", "id")).hasSize(rows).first().isEqualTo(expected(0));
    }

    @Test
    void large_text_ends_the_sample_early_to_bound_the_heap_it_holds() throws Exception {
        String padding = "x".repeat(100 * 1024);
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, ParquetOptions.defaults(), table(), "p")) {
            long id = 0;
            while (writer.openFiles() == 0) {
                Object[] row = row(id);
                row[3] = Utf8.of("{\"id\":" + id + ",\"padding\":\"" + padding + "\"}");
                writer.write(dt(0), row);
                id++;
            }

            // 8 MiB of text is 82 rows of 100 KiB: enough to judge, far fewer than the row limit.
            assertThat(id).isEqualTo(82);
            assertThat(writer.dictionaryColumns()).containsExactly("status", "code");
            writer.finish();
        }

        assertThat(DuckDbLake.count(lake, "orders")).isEqualTo(82);
    }
}

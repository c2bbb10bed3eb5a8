package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Writes every column type and reads it back with DuckDB, a reader independent of parquet-java. */
class ParquetRoundTripTest {

    private static final String PARTITION = "dt=2026-11-23";
    private static final LocalDate DT = LocalDate.of(2026, 11, 23);

    private static final RowSchema SCHEMA = new RowSchema(List.of(
            new Column("id", ColumnType.BIGINT),
            new Column("note", ColumnType.STRING),
            new Column("payload", ColumnType.JSON),
            new Column("big", ColumnType.BIGINT),
            new Column("small", ColumnType.INT),
            new Column("ratio", ColumnType.DOUBLE),
            new Column("flag", ColumnType.BOOLEAN),
            new Column("at", ColumnType.TIMESTAMP),
            new Column("day", ColumnType.DATE),
            new Column("price", ColumnType.decimal(9, 2)),
            new Column("total", ColumnType.decimal(18, 4)),
            new Column("unsigned_id", ColumnType.decimal(20, 0)),
            new Column("exact", ColumnType.decimal(38, 10))));

    @TempDir
    Path lake;

    private static Object[] row(long id, Object note, Object payload, Long big, Integer small, Double ratio,
            Boolean flag, String at, String day, String price, String total, String unsignedId, String exact) {
        return new Object[] {id, note, payload, big, small, ratio, flag,
                at == null ? null : Instant.parse(at), day == null ? null : LocalDate.parse(day),
                price == null ? null : new BigDecimal(price), total == null ? null : new BigDecimal(total),
                unsignedId == null ? null : new BigDecimal(unsignedId), exact == null ? null : new BigDecimal(exact)};
    }

    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(row(1, Utf8.of("plain ascii"), "{\"customer\":{\"tier\":\"gold\"},\"items\":[1,2,3]}",
                Long.MAX_VALUE, Integer.MAX_VALUE, 1.5, true,
                "2026-11-23T23:59:59.999Z", "2026-11-23", "9999999.99", "99999999999999.9999",
                "18446744073709551615", "9999999999999999999999999999.9999999999"));
        rows.add(row(2, "emoji 🎉👩‍💻 and CJK 漢字かな한국어", Utf8.of("{\"note\":\"ünïcødé \\u00e9 🎉\"}"),
                Long.MIN_VALUE, Integer.MIN_VALUE, -1.0E308, false,
                "1969-12-31T23:59:59.999Z", "1969-12-31", "-9999999.99", "-99999999999999.9999",
                "0", "-9999999999999999999999999999.9999999999"));
        rows.add(row(3, "", "[]", 0L, 0, 0.0, true,
                "1970-01-01T00:00:00.000Z", "1970-01-01", "0.00", "0.0000",
                "1", "-0.0000000001"));
        rows.add(row(4, Utf8.wrap("bytes straight from the driver".getBytes(StandardCharsets.UTF_8)), "null",
                -1L, -1, Double.MIN_VALUE, null,
                "1900-01-01T00:00:00.001Z", "1900-02-28", "-0.01", "-0.0001",
                "99999999999999999999", "0.0000000001"));
        rows.add(row(5, null, null, null, null, null, null, null, null, null, null, null, null));
        rows.add(row(6, "", null, 42L, 7, 3.141592653589793, false,
                "2038-01-19T03:14:08.123Z", "2099-12-31", "12.30", "1.0000",
                "12345678901234567890", "1234567890123456789012345678.0123456789"));
        return rows;
    }

    /** What DuckDB should return for a row: text as String, the partition column appended. */
    private static Map<String, Object> expected(Object[] row) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < SCHEMA.size(); i++) {
            Object v = row[i];
            map.put(SCHEMA.column(i).name(), v instanceof Utf8 u ? u.toString() : v);
        }
        map.put("dt", DT);
        return map;
    }

    private Path write(String table, ParquetOptions options, List<Object[]> rows) throws IOException {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(SCHEMA, options, lake.resolve(table), "r1")) {
            for (Object[] row : rows) {
                writer.write(PARTITION, row);
            }
            List<WrittenFile> files = writer.finish();
            assertThat(files).hasSize(1);
            return files.get(0).localPath();
        }
    }

    @Test
    void every_type_round_trips_exactly() throws Exception {
        write("orders", ParquetOptions.defaults(), rows());

        List<Map<String, Object>> read = DuckDbLake.readTable(lake, "orders", "id");

        assertThat(read).containsExactlyElementsOf(rows().stream().map(ParquetRoundTripTest::expected).toList());
    }

    @Test
    void empty_strings_stay_distinct_from_nulls() throws Exception {
        write("orders", ParquetOptions.defaults(), rows());

        List<Map<String, Object>> read = DuckDbLake.query("SELECT id, note IS NULL AS is_null, length(note) AS len FROM "
                + "read_parquet(" + DuckDbLake.literal(lake.resolve("orders") + "/*/*.parquet") + ") WHERE id IN (3, 5)"
                + " ORDER BY id");

        assertThat(read).containsExactly(
                Map.of("id", 3L, "is_null", false, "len", 0L),
                new LinkedHashMap<>(Map.of("id", 5L, "is_null", true)) {{ put("len", null); }});
    }

    @Test
    void timestamps_below_a_millisecond_are_floored_as_athena_would_store_them() throws Exception {
        List<Object[]> rows = List.of(
                row(1, null, null, null, null, null, null, "2026-11-23T23:59:59.999999Z", null, null, null, null, null),
                row(2, null, null, null, null, null, null, "1969-12-31T23:59:59.9995Z", null, null, null, null, null));
        write("orders", ParquetOptions.defaults(), rows);

        assertThat(DuckDbLake.readTable(lake, "orders", "id")).extracting(r -> r.get("at")).containsExactly(
                Instant.parse("2026-11-23T23:59:59.999Z"), Instant.parse("1969-12-31T23:59:59.999Z"));
    }

    @Test
    void duckdb_sees_the_athena_types() throws Exception {
        write("orders", ParquetOptions.defaults(), rows());

        assertThat(DuckDbLake.describe(lake, "orders")).containsExactly(
                Map.entry("id", "BIGINT"),
                Map.entry("note", "VARCHAR"),
                Map.entry("payload", "VARCHAR"),
                Map.entry("big", "BIGINT"),
                Map.entry("small", "INTEGER"),
                Map.entry("ratio", "DOUBLE"),
                Map.entry("flag", "BOOLEAN"),
                Map.entry("at", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("day", "DATE"),
                Map.entry("price", "DECIMAL(9,2)"),
                Map.entry("total", "DECIMAL(18,4)"),
                Map.entry("unsigned_id", "DECIMAL(20,0)"),
                Map.entry("exact", "DECIMAL(38,10)"),
                Map.entry("dt", "DATE"));
    }

    @Test
    void the_file_footer_holds_the_physical_and_logical_types_athena_reads() throws Exception {
        Path file = write("orders", ParquetOptions.defaults(), rows());

        Map<String, Map<String, Object>> schema = DuckDbLake.parquetSchema(file);

        assertColumn(schema, "note", "BYTE_ARRAY", null, "StringType()");
        assertColumn(schema, "payload", "BYTE_ARRAY", null, "StringType()");
        assertColumn(schema, "big", "INT64", null, null);
        assertColumn(schema, "small", "INT32", null, null);
        assertColumn(schema, "ratio", "DOUBLE", null, null);
        assertColumn(schema, "flag", "BOOLEAN", null, null);
        assertColumn(schema, "at", "INT64", null,
                "TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=MilliSeconds(), MICROS=<null>, NANOS=<null>))");
        assertColumn(schema, "day", "INT32", null, "DateType()");
        assertColumn(schema, "price", "INT32", null, "DecimalType(scale=2, precision=9)");
        assertColumn(schema, "total", "INT64", null, "DecimalType(scale=4, precision=18)");
        assertColumn(schema, "unsigned_id", "FIXED_LEN_BYTE_ARRAY", 9L, "DecimalType(scale=0, precision=20)");
        assertColumn(schema, "exact", "FIXED_LEN_BYTE_ARRAY", 16L, "DecimalType(scale=10, precision=38)");
        assertThat(schema.get("at").get("converted_type")).isEqualTo("TIMESTAMP_MILLIS");
        assertThat(schema.values()).filteredOn(c -> c.get("type") != null)
                .allSatisfy(c -> assertThat(c.get("repetition_type")).isEqualTo("OPTIONAL"))
                .noneSatisfy(c -> assertThat(c.get("type")).isEqualTo("INT96"));
    }

    private static void assertColumn(Map<String, Map<String, Object>> schema, String name, String physical,
            Long length, String logical) {
        Map<String, Object> column = schema.get(name);
        assertThat(column).as(name).isNotNull();
        assertThat(column.get("type")).as(name + " physical type").isEqualTo(physical);
        assertThat(column.get("logical_type")).as(name + " logical type").isEqualTo(logical);
        if (length != null) {
            assertThat(String.valueOf(column.get("type_length"))).as(name + " length").isEqualTo(String.valueOf(length));
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void files_of_every_codec_read_back_the_same(Compression compression) throws Exception {
        Path file = write("orders", ParquetOptions.defaults().withCompression(compression), rows());

        assertThat(DuckDbLake.readTable(lake, "orders", "id"))
                .containsExactlyElementsOf(rows().stream().map(ParquetRoundTripTest::expected).toList());
        assertThat(DuckDbLake.parquetMetadata(file)).extracting(m -> m.get("compression"))
                .containsOnly(compression.name());
    }

    @Test
    void every_repetitive_column_gets_a_dictionary_whatever_its_type_unless_overridden() throws Exception {
        List<Object[]> repetitive = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            repetitive.add(row(i, "status-" + (i % 3), "{\"k\":" + (i % 3) + "}", (long) (i % 3), i % 3, 0.5, i % 2 == 0,
                    "2026-11-23T00:00:00Z", "2026-11-23", "1.00", "1.0000", "1", "1.0000000000"));
        }
        Path sampled = write("sampled", ParquetOptions.defaults(), repetitive);
        Path overridden = write("overridden", ParquetOptions.defaults()
                .withDictionaryOverrides(Map.of("big", false, "note", false)), repetitive);

        // Booleans and fixed-length decimals are on by the sample too, but parquet-java bit-packs
        // booleans and builds no dictionary for FIXED_LEN_BYTE_ARRAY in v1 pages.
        assertThat(dictionaryUse(sampled)).containsEntry("id", false).containsEntry("flag", false)
                .containsEntry("note", true).containsEntry("payload", true).containsEntry("big", true)
                .containsEntry("small", true).containsEntry("ratio", true).containsEntry("at", true)
                .containsEntry("day", true).containsEntry("price", true).containsEntry("total", true)
                .containsEntry("unsigned_id", false).containsEntry("exact", false);
        assertThat(dictionaryUse(overridden)).containsEntry("note", false).containsEntry("big", false)
                .containsEntry("payload", true);
    }

    private static Map<String, Boolean> dictionaryUse(Path file) {
        Map<String, Boolean> used = new LinkedHashMap<>();
        for (Map<String, Object> chunk : DuckDbLake.parquetMetadata(file)) {
            used.put((String) chunk.get("path_in_schema"), chunk.get("dictionary_page_offset") != null);
        }
        return used;
    }
}

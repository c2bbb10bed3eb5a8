package io.shardlake.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.parquet.ParquetOptions;
import io.shardlake.connectors.parquet.PartitionedParquetWriter;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table Athena is given agrees with what the project's writer puts on disk: Parquet written
 * by {@link PartitionedParquetWriter} into the lake's {@code <table>/dt=.../} folders, read back by
 * DuckDB (a reader independent of parquet-java), gives the generated Athena type for every column
 * type, sits in folders the projection describes, and the latest view's query keeps the right rows.
 */
class AthenaParquetAgreementTest {

    private static final List<Column> DATA = List.of(
            new Column("order_id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING),
            new Column("payload", ColumnType.JSON),
            new Column("item_count", ColumnType.INT),
            new Column("ratio", ColumnType.DOUBLE),
            new Column("is_gift", ColumnType.BOOLEAN),
            new Column("date", ColumnType.DATE),
            new Column("p9", ColumnType.decimal(9, 2)),
            new Column("amount", ColumnType.decimal(12, 2)),
            new Column("unsigned_id", ColumnType.decimal(20, 0)),
            new Column("p38", ColumnType.decimal(38, 10)),
            new Column("updated_at", ColumnType.TIMESTAMP));

    /** DuckDB's name for each Athena type this project declares (the two engines spell types differently). */
    private static final Map<String, String> ATHENA_FOR_DUCKDB = Map.of(
            "BIGINT", "bigint", "INTEGER", "int", "DOUBLE", "double", "BOOLEAN", "boolean", "VARCHAR", "string",
            "DATE", "date", "TIMESTAMP WITH TIME ZONE", "timestamp");

    private static final Instant E1 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant E2 = Instant.parse("2026-11-24T10:15:00Z");

    @TempDir
    Path lake;

    private AthenaTable table;
    private String glob;

    private RowSchema schema;

    @BeforeEach
    void writeLake() throws IOException {
        schema = OrdersTable.schema(DATA);
        table = new AthenaTable("orders", OrdersTable.LOCATION, schema, List.of("order_id"), "updated_at",
                PartitionGranularity.DAY, Instant.parse("2026-11-23T00:00:00Z"));
        write("run-shard01-a1", List.of(
                row(1, "created", "2026-11-23T10:00:00Z", E1, "r1", 1L),
                row(1, "paid", "2026-11-24T09:00:00Z", E2, "r2", 2L),
                row(2, "first extract", "2026-11-23T23:59:59.999Z", E1, "r1", 1L),
                row(2, "second extract", "2026-11-23T23:59:59.999Z", E2, "r2", 2L),
                nullsBut(3, "2026-11-24T00:00:00Z")));
        glob = lake.resolve("orders").toAbsolutePath() + "/**/*.parquet";
    }

    /** Writes one run's rows as the engine does, into {@code <table>/dt=.../<prefix>-<seq>.parquet}. */
    private void write(String filePrefix, List<Object[]> rows) throws IOException {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(schema, ParquetOptions.defaults(),
                lake.resolve("orders"), filePrefix)) {
            for (Object[] row : rows) {
                writer.write(PartitionGranularity.DAY.folderOf((Instant) row[schema.indexOf("updated_at")]), row);
            }
            writer.finish();
        }
    }

    private static Object[] row(long id, String status, String updatedAt, Instant extractedAt, String run, Long runSeq) {
        return new Object[] {id, status, "{\"channel\":\"web\"}", 3, 0.25, true, LocalDate.of(2026, 11, 23),
                new BigDecimal("1234567.89"), new BigDecimal("9999999999.99"), new BigDecimal("18446744073709551615"),
                new BigDecimal("1234567890123456789012345678.0123456789"), Instant.parse(updatedAt), "shard01",
                extractedAt, run, runSeq};
    }

    private static Object[] nullsBut(long id, String updatedAt) {
        Object[] row = new Object[DATA.size() + 4];
        row[0] = id;
        row[DATA.size() - 1] = Instant.parse(updatedAt);
        return row;
    }

    private String source() {
        return "read_parquet(" + DuckDbLake.literal(glob) + ", hive_partitioning = true, hive_types = {'dt': VARCHAR})";
    }

    @Test
    void duckDbReadsEveryColumnWithTheTypeTheAthenaTableDeclares() {
        Map<String, String> read = new LinkedHashMap<>();
        for (Map<String, Object> column : DuckDbLake.query("DESCRIBE SELECT * FROM " + source())) {
            String type = (String) column.get("column_type");
            read.put((String) column.get("column_name"), type.startsWith("DECIMAL")
                    ? type.toLowerCase().replace(" ", "") : ATHENA_FOR_DUCKDB.getOrDefault(type, "unmapped " + type));
        }

        Map<String, String> declared = new LinkedHashMap<>();
        table.columns().forEach(c -> declared.put(c.name(), c.type()));
        declared.put(AthenaTable.PARTITION_COLUMN.name(), AthenaTable.PARTITION_COLUMN.type());
        assertThat(read).containsExactlyEntriesOf(declared);
        assertThat(read.values()).as("every column type is covered")
                .contains("string", "bigint", "int", "double", "boolean", "timestamp", "date", "decimal(9,2)", "decimal(38,10)");
    }

    @Test
    void timestampsAreStoredAsMillisecondsSoAthenaReadsThemExactly() throws IOException {
        Path file;
        try (Stream<Path> files = Files.walk(lake)) {
            file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Map<String, Map<String, Object>> schema = DuckDbLake.parquetSchema(file);
        for (String column : List.of("updated_at", "_extracted_at")) {
            assertThat(schema.get(column).get("type")).isEqualTo("INT64");
            assertThat(String.valueOf(schema.get(column).get("logical_type"))).contains("MILLIS");
        }
        assertThat(DuckDbLake.query("SELECT updated_at FROM " + source() + " WHERE order_id = 2 LIMIT 1").get(0))
                .containsEntry("updated_at", Instant.parse("2026-11-23T23:59:59.999Z"));
    }

    @Test
    void everyFolderTheWriterMadeIsOneThePartitionProjectionDescribes() throws IOException {
        Map<String, String> properties = AthenaDdl.tableProperties(table, PartitionRegistration.PROJECTION);
        String template = properties.get(AthenaDdl.LOCATION_TEMPLATE);
        String rangeStart = properties.get(AthenaDdl.PROJECTION_RANGE).split(",")[0];
        String localRoot = lake.resolve("orders").toAbsolutePath() + "/";

        List<String> folders;
        try (Stream<Path> children = Files.list(lake.resolve("orders"))) {
            folders = children.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(folders).containsExactly("dt=2026-11-23", "dt=2026-11-24");
        for (String folder : folders) {
            String value = folder.substring("dt=".length());
            assertThat(java.time.format.DateTimeFormatter.ofPattern(properties.get(AthenaDdl.PROJECTION_FORMAT)).parse(value))
                    .isNotNull();
            assertThat(value).isGreaterThanOrEqualTo(rangeStart);
            assertThat(template.replace("${dt}", value).replace(table.location(), localRoot))
                    .isEqualTo(lake.resolve("orders").resolve(folder).toAbsolutePath() + "/");
        }
    }

    /** The latest view's query, run by DuckDB over the local lake, ordered by key. */
    private List<Map<String, Object>> latest() {
        String view = new AthenaDdl("shardlake").latestView(table);
        String select = view.substring(view.indexOf(" AS\n") + " AS\n".length()).replace("\"shardlake\".\"orders\"", source());
        return new ArrayList<>(DuckDbLake.query(select + " ORDER BY \"order_id\""));
    }

    @Test
    void theLatestViewsQueryKeepsTheNewestVersionOfEachKeyWithTiesGoingToTheLaterExtract() {
        List<Map<String, Object>> latest = latest();

        assertThat(latest).extracting(r -> r.get("order_id")).containsExactly(1L, 2L, 3L);
        assertThat(latest).extracting(r -> r.get("status")).containsExactly("paid", "second extract", null);
        assertThat(latest).extracting(r -> r.get("dt")).containsExactly("2026-11-24", "2026-11-23", "2026-11-24");
        assertThat(latest.get(0)).containsEntry("amount", new BigDecimal("9999999999.99"))
                .containsEntry("unsigned_id", new BigDecimal("18446744073709551615"))
                .containsEntry("date", LocalDate.of(2026, 11, 23))
                .containsEntry("_extracted_at", E2)
                .doesNotContainKey("_version_rank");
        assertThat(DuckDbLake.query("SELECT count(*) AS n FROM " + source()).get(0)).containsEntry("n", 5L);
    }

    /**
     * Two runs read one key with one cursor value but different payloads (a correction that did not
     * touch updated_at). The later read took the greater run sequence; its node's clock is behind
     * (so its _extracted_at is the earlier) and its random run id sorts first: only the sequence
     * says it is the later extract. Whichever run's file arrived first, the view shows the later run.
     */
    @ParameterizedTest(name = "the later run''s file arrives {0}")
    @ValueSource(strings = {"first", "second"})
    void ofTwoRunsWithOneKeyAndOneCursorTheViewKeepsTheLaterRunWhicheverArrivedFirst(String laterArrives) throws IOException {
        String cursor = "2026-11-24T08:00:00Z";
        List<Object[]> earlierRun = List.<Object[]>of(row(7, "read first", cursor, E2, "f0e1-earlier", 41L));
        List<Object[]> laterRun = List.<Object[]>of(row(7, "read later", cursor, E1, "0a1b-later", 42L));
        if (laterArrives.equals("first")) {
            write("0a1b-later-shard01-a1", laterRun);
            write("f0e1-earlier-shard01-a1", earlierRun);
        } else {
            write("f0e1-earlier-shard01-a1", earlierRun);
            write("0a1b-later-shard01-a1", laterRun);
        }

        assertThat(latest()).filteredOn(r -> r.get("order_id").equals(7L)).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("status", "read later").containsEntry("_run_seq", 42L));
    }

    @Test
    void aRowWrittenBeforeRunSequencesExistedLosesItsTieToOneWithASequence() throws IOException {
        String cursor = "2026-11-24T08:00:00Z";
        write("legacy-shard01-a1", List.<Object[]>of(row(8, "legacy, no sequence", cursor, E2, "f0e1-legacy", null)));
        write("new-shard01-a1", List.<Object[]>of(row(8, "with a sequence", cursor, E1, "0a1b-new", 1L)));

        assertThat(latest()).filteredOn(r -> r.get("order_id").equals(8L)).extracting(r -> r.get("status"))
                .containsExactly("with a sequence");
    }
}

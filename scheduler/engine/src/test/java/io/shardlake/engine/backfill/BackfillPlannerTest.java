package io.shardlake.engine.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.Partitioner;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackfillPlannerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void eachDailyChunkReplacesExactlyOnePartition() {
        List<BackfillChunk> chunks = new BackfillPlanner(PartitionGranularity.DAY).chunks(at("2026-11-20T00:00:00Z"), at("2026-11-23T00:00:00Z"));

        assertThat(chunks).containsExactly(
                new BackfillChunk(0, at("2026-11-20T00:00:00Z"), at("2026-11-21T00:00:00Z"), List.of("dt=2026-11-20")),
                new BackfillChunk(1, at("2026-11-21T00:00:00Z"), at("2026-11-22T00:00:00Z"), List.of("dt=2026-11-21")),
                new BackfillChunk(2, at("2026-11-22T00:00:00Z"), at("2026-11-23T00:00:00Z"), List.of("dt=2026-11-22")));
    }

    @Test
    void hourlyChunksCrossUtcMidnightAndMonthlyChunksFollowTheCalendar() {
        assertThat(new BackfillPlanner(PartitionGranularity.HOUR).chunks(at("2026-11-20T22:00:00Z"), at("2026-11-21T01:00:00Z")))
                .extracting(BackfillChunk::partitions)
                .containsExactly(List.of("dt=2026-11-20-22"), List.of("dt=2026-11-20-23"), List.of("dt=2026-11-21-00"));
        assertThat(new BackfillPlanner(PartitionGranularity.MONTH).chunks(at("2024-01-01T00:00:00Z"), at("2024-04-01T00:00:00Z")))
                .containsExactly(
                        new BackfillChunk(0, at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z"), List.of("dt=2024-01")),
                        new BackfillChunk(1, at("2024-02-01T00:00:00Z"), at("2024-03-01T00:00:00Z"), List.of("dt=2024-02")),
                        new BackfillChunk(2, at("2024-03-01T00:00:00Z"), at("2024-04-01T00:00:00Z"), List.of("dt=2024-03")));
    }

    @Test
    void aChunkMayCoverSeveralPartitionsAndTheLastTakesWhatIsLeft() {
        List<BackfillChunk> chunks = new BackfillPlanner(PartitionGranularity.DAY, 7).chunks(at("2026-11-01T00:00:00Z"), at("2026-11-11T00:00:00Z"));

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).end()).isEqualTo(at("2026-11-08T00:00:00Z"));
        assertThat(chunks.get(0).partitions()).hasSize(7).startsWith("dt=2026-11-01").endsWith("dt=2026-11-07");
        assertThat(chunks.get(1).partitions()).containsExactly("dt=2026-11-08", "dt=2026-11-09", "dt=2026-11-10");
    }

    @ParameterizedTest
    @MethodSource("granularities")
    void chunkFoldersAreTheOnesTheWriterPutsTheirRowsIn(PartitionGranularity g) {
        RowSchema schema = new RowSchema(List.of(new Column("updated_at", ColumnType.TIMESTAMP)));
        Partitioner writer = new Partitioner(schema, "updated_at", g);

        for (BackfillChunk chunk : new BackfillPlanner(g).chunks(at("2025-12-31T00:00:00Z"), at("2026-03-01T00:00:00Z"))) {
            assertThat(chunk.partitions()).first().isEqualTo(writer.folderOf(new Object[] {chunk.start()}));
            assertThat(chunk.partitions()).last().isEqualTo(writer.folderOf(new Object[] {chunk.end().minusMillis(1)}));
            assertThat(writer.folderOf(new Object[] {chunk.end()})).isNotIn(chunk.partitions());
        }
    }

    static Stream<PartitionGranularity> granularities() {
        return Stream.of(PartitionGranularity.HOUR, PartitionGranularity.DAY);
    }

    @Test
    void aRangeOffPartitionBoundariesIsRefusedWithTheAlignedRangeNotWidened() {
        InvalidBackfillException e = catchThrowableOfType(InvalidBackfillException.class,
                () -> new BackfillPlanner(PartitionGranularity.DAY).chunks(at("2026-11-20T06:00:00Z"), at("2026-11-22T00:00:00Z")));

        assertThat(e.errors()).containsExactly(new FieldError("from", "2026-11-20T06:00:00Z is inside partition dt=2026-11-20; a backfill"
                + " replaces whole day partitions (UTC) and does not widen a range; to reload every partition this range touches, use"
                + " from 2026-11-20 to 2026-11-22 ([2026-11-20T00:00:00Z, 2026-11-22T00:00:00Z))"));
    }

    static Stream<Arguments> cursorWindows() {
        return Stream.of(
                // cursor zone, chunk [start, end), window of cursor values [from, until)
                Arguments.of(ZoneOffset.UTC, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", "2026-11-20T00:00", "2026-11-21T00:00"),
                Arguments.of(ZoneId.of("America/Sao_Paulo"), "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", "2026-11-19T21:00", "2026-11-20T21:00"),
                Arguments.of(ZoneId.of("Asia/Tokyo"), "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", "2026-11-20T09:00", "2026-11-21T09:00"),
                Arguments.of(ZoneId.of("Asia/Kolkata"), "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", "2026-11-20T15:30", "2026-11-20T16:30"),
                Arguments.of(BERLIN, "2026-07-01T00:00:00Z", "2026-08-01T00:00:00Z", "2026-07-01T02:00", "2026-08-01T02:00"),
                Arguments.of(BERLIN, "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", "2026-03-29T01:00", "2026-03-30T02:00"), // 23 hours
                Arguments.of(BERLIN, "2026-10-25T00:00:00Z", "2026-10-26T00:00:00Z", "2026-10-25T02:00", "2026-10-26T01:00"), // 25 hours
                // spring forward at 01:00Z: 02:00 CET becomes 03:00 CEST; skipped values 02:xx read as 01:xxZ
                Arguments.of(BERLIN, "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:00", "2026-03-29T02:00"),
                Arguments.of(BERLIN, "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z", "2026-03-29T02:00", "2026-03-29T04:00"),
                // fall back at 01:00Z: 03:00 CEST becomes 02:00 CET; 02:xx reads as its first pass, 00:xxZ
                Arguments.of(BERLIN, "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00", "2026-10-25T03:00"),
                Arguments.of(BERLIN, "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00", "2026-10-25T03:00"),
                Arguments.of(BERLIN, "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z", "2026-10-25T03:00", "2026-10-25T04:00"));
    }

    @ParameterizedTest(name = "{0} [{1}, {2})")
    @MethodSource("cursorWindows")
    void aChunkReadsItsInstantsAsWallClockCursorValuesInTheCursorsZone(ZoneId zone, String start, String end, String from, String until) {
        BackfillChunk chunk = new BackfillChunk(0, at(start), at(end), List.of());

        assertThat(BackfillPlanner.cursorWindow(chunk, zone))
                .isEqualTo(new ExtractWindow(LocalDateTime.parse(from), LocalDateTime.parse(until)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dstDays")
    void everyCursorValueIsReadByTheOneChunkWhosePartitionTheWriterPutsItIn(String day) {
        RowSchema schema = new RowSchema(List.of(new Column("updated_at", ColumnType.TIMESTAMP)));
        Partitioner writer = new Partitioner(schema, "updated_at", PartitionGranularity.HOUR);
        Instant from = LocalDateTime.parse(day + "T00:00").atZone(BERLIN).toInstant();
        List<BackfillChunk> chunks = new BackfillPlanner(PartitionGranularity.HOUR).chunks(from.minusSeconds(7200), from.plusSeconds(36 * 3600));

        // every wall-clock minute of the night, skipped and repeated ones included
        for (LocalDateTime v = LocalDateTime.parse(day + "T00:00"); v.isBefore(LocalDateTime.parse(day + "T06:00")); v = v.plusMinutes(1)) {
            LocalDateTime value = v;
            List<BackfillChunk> reading = chunks.stream().filter(c -> contains(BackfillPlanner.cursorWindow(c, BERLIN), value)).toList();
            String folder = writer.folderOf(new Object[] {value.atZone(BERLIN).toInstant()}); // how the reader and writer see it

            assertThat(reading).as("chunks reading %s", value).hasSize(1);
            assertThat(reading.get(0).partitions()).as("partitions of the chunk reading %s", value).containsExactly(folder);
        }
    }

    static Stream<String> dstDays() {
        return Stream.of("2026-03-29", "2026-10-25");
    }

    private static boolean contains(ExtractWindow w, LocalDateTime v) {
        return !v.isBefore(w.from()) && v.isBefore(w.until());
    }

    private static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop"));

    private static PipelineDefinition pipeline(String partition) {
        return PARSER.parse("orders.yaml", """
                name: orders
                schedule: "*/15 * * * *"
                source: {connection: shop, table: orders, cursor: updated_at, primary_key: [id]}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: created_at, type: timestamp}
                    - {name: changed_at, from: updated_at, type: timestamp}
                  derived:
                    - {name: order_date, expression: "date(created_at)", type: date}
                """ + partition);
    }

    @Test
    void aPipelinePartitionedByItsCursorIsPlannedByItsGranularity() {
        assertThat(BackfillPlanner.forPipeline(pipeline("partition: {column: changed_at, granularity: hour}\n")).granularity())
                .isEqualTo(PartitionGranularity.HOUR);
        assertThat(BackfillPlanner.forPipeline(pipeline("")).granularity()).as("the default: the cursor, daily").isEqualTo(PartitionGranularity.DAY);
    }

    @Test
    void aPipelineNotPartitionedByItsCursorIsRefusedBecauseItWouldScanTheReplica() {
        for (String column : List.of("created_at", "order_date")) {
            InvalidBackfillException e = catchThrowableOfType(InvalidBackfillException.class,
                    () -> BackfillPlanner.forPipeline(pipeline("partition: {column: " + column + "}\n")));

            assertThat(e.errors()).containsExactly(new FieldError("", "pipeline 'orders' is partitioned by '" + column + "', which is not its"
                    + " cursor 'updated_at' kept as a timestamp: the rows of a " + column + " partition are not a range of the (updated_at,"
                    + " id) index, so a backfill by partition would scan the whole table on the replica; only pipelines partitioned by"
                    + " their cursor can be backfilled"));
        }
    }
}

package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFileTest {

    private static final RowSchema SCHEMA = new RowSchema(List.of(
            new Column("name", ColumnType.STRING),
            new Column("payload", ColumnType.JSON),
            new Column("big", ColumnType.BIGINT),
            new Column("small", ColumnType.INT),
            new Column("ratio", ColumnType.DOUBLE),
            new Column("flag", ColumnType.BOOLEAN),
            new Column("at", ColumnType.TIMESTAMP),
            new Column("day", ColumnType.DATE),
            new Column("price", ColumnType.decimal(9, 2)),
            new Column("exact", ColumnType.decimal(38, 10))));

    @TempDir
    Path dir;

    private static final RowWriters WRITERS = new RowWriters(SCHEMA);

    private int spills;

    /**
     * Spills the rows, replays the spill into a Parquet file and reads that back; the rows as the
     * same Parquet file written without a spill file reads them are what a spill must give.
     */
    private List<Object[]> roundTrip(List<Object[]> rows) throws Exception {
        Path path = dir.resolve("spill-" + (++spills) + ".rows");
        try (SpillFile.Writer writer = new SpillFile.Writer(path, WRITERS)) {
            for (Object[] row : rows) {
                WRITERS.check(row); // as every row is before it is spilled
                writer.write(row);
            }
            assertThat(writer.rows()).isEqualTo(rows.size());
        }
        Path replayed = dir.resolve("replayed-" + spills + ".parquet");
        RowFileWriter file = newFile(replayed);
        try (SpillFile.Reader reader = new SpillFile.Reader(path)) {
            while (reader.next()) {
                file.writeSpilled(reader.buffer(), reader.rowStart(), reader.rowEnd());
            }
            assertThat(reader.next()).as("stays at the end").isFalse();
        }
        file.close();
        return read(replayed);
    }

    /** The rows as a file written without a spill file, through the rows it holds in memory, reads them. */
    private List<Object[]> writtenWithoutSpill(List<Object[]> rows) throws Exception {
        Path direct = dir.resolve("direct-" + (++spills) + ".parquet");
        RowFileWriter file = newFile(direct);
        for (Object[] row : rows) {
            if (file.hold(row)) {
                file.writeHeld();
            }
        }
        file.close();
        return read(direct);
    }

    private static RowFileWriter newFile(Path path) throws IOException {
        boolean[] dictionary = new boolean[SCHEMA.size()];
        return RowFileWriter.create("p", path, SCHEMA, ParquetSchemas.messageType(SCHEMA), WRITERS, ParquetOptions.defaults(),
                dictionary, new StandaloneCodecFactory().nonReleasing(), new RecyclingBufferAllocator(1 << 20));
    }

    private static List<Object[]> read(Path file) throws Exception {
        List<Object[]> read = new ArrayList<>();
        new ParquetRowReader(SCHEMA).read(file, read::add);
        return read;
    }

    private void assertSameAsWrittenWithoutSpill(List<Object[]> rows) throws Exception {
        List<Object[]> replayed = roundTrip(rows);
        List<Object[]> expected = writtenWithoutSpill(rows);
        assertThat(replayed).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(replayed.get(i)).as("row %d", i).containsExactly(expected.get(i));
        }
    }

    @Test
    void every_column_kind_comes_back_equal_including_extremes_and_nulls() throws Exception {
        List<Object[]> rows = List.of(
                new Object[] {Utf8.of("plain"), Utf8.of("{\"k\":1}"), 42L, 7, 0.5, true,
                        Instant.parse("2026-11-23T10:15:30.123Z"), LocalDate.of(2026, 11, 23),
                        new BigDecimal("1234567.89"), new BigDecimal("1234567890123456789012345678.0123456789")},
                new Object[] {Utf8.of(""), Utf8.of("[]"), Long.MIN_VALUE, Integer.MIN_VALUE, -0.0, false,
                        // before 1970 with nanoseconds: epoch second -1, nano 999,999,999
                        Instant.parse("1969-12-31T23:59:59.999999999Z"), LocalDate.of(1969, 12, 31),
                        new BigDecimal("-9999999.99"), new BigDecimal("-9999999999999999999999999999.9999999999")},
                new Object[] {Utf8.of("ünïcödé ✓ 日本語 😀"), Utf8.of("{\"emoji\":\"👩‍👩‍👧\"}"), Long.MAX_VALUE,
                        Integer.MAX_VALUE, Double.NaN, true, Instant.ofEpochSecond(1_700_000_000L, 1),
                        LocalDate.ofEpochDay(0), new BigDecimal("0.00"), new BigDecimal("-0.0000000001")},
                new Object[] {Utf8.of("x"), Utf8.of("{}"), -1L, -1, Double.NEGATIVE_INFINITY, false,
                        Instant.ofEpochSecond(Long.MIN_VALUE / 1000 + 1), LocalDate.of(5_000_000, 12, 31),
                        new BigDecimal("-0.01"), BigDecimal.ZERO.setScale(10)},
                new Object[] {Utf8.of("y"), Utf8.of("{}"), 0L, 0, Double.MIN_VALUE, true,
                        Instant.ofEpochSecond(Long.MAX_VALUE / 1000 - 1, 999_999_999), LocalDate.of(-5_000_000, 1, 1),
                        new BigDecimal("-128.00"), new BigDecimal("128.0000000000")},
                new Object[] {null, null, null, null, null, null, null, null, null, null},
                new Object[] {Utf8.of("only first and last"), null, null, null, null, null, null, null, null,
                        new BigDecimal("1.0000000000")});

        assertSameAsWrittenWithoutSpill(rows);

        List<Object[]> read = roundTrip(rows);
        for (int i : new int[] {0, 1, 2}) {
            assertThat(read.get(i)[2]).as("bigint of row %d", i).isEqualTo(rows.get(i)[2]);
            assertThat(read.get(i)[8]).as("decimal(9,2) of row %d", i).isEqualTo(rows.get(i)[8]);
            assertThat(read.get(i)[9]).as("decimal(38,10) of row %d", i).isEqualTo(rows.get(i)[9]);
        }
        assertThat(read.get(5)).containsOnlyNulls();
        // equals() on Double treats -0.0 and 0.0 as different and NaN as equal to itself; check the bits too.
        assertThat(Double.doubleToRawLongBits((Double) read.get(1)[4])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat((Double) read.get(2)[4]).isNaN();
        assertThat(read.get(1)[6]).as("floored to the millisecond before 1970 too").isEqualTo(Instant.ofEpochMilli(-1));
        assertThat(read.get(0)[6]).isEqualTo(Instant.parse("2026-11-23T10:15:30.123Z"));
    }

    @Test
    void text_given_as_string_comes_back_as_the_same_utf8_bytes() throws Exception {
        String text = "naïve café – 中文 – 🚀";
        Object[] row = new Object[SCHEMA.size()];
        row[0] = text;
        row[1] = "{\"s\":\"" + text + "\"}";

        Object[] read = roundTrip(List.<Object[]>of(row)).get(0);

        assertThat(read[0].toString()).isEqualTo(text);
        assertThat(read[1].toString()).isEqualTo("{\"s\":\"" + text + "\"}");
    }

    @Test
    void many_rows_and_values_larger_than_the_buffers_come_back_in_order() throws Exception {
        char[] big = new char[3 * SpillFile.READ_BUFFER_BYTES];
        Arrays.fill(big, 'é'); // two bytes each in UTF-8
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Object[] row = new Object[SCHEMA.size()];
            row[0] = Utf8.of("row " + i);
            row[1] = i % 1000 == 0 ? Utf8.of(new String(big)) : null;
            row[2] = (long) i;
            rows.add(row);
        }

        assertSameAsWrittenWithoutSpill(rows);
        List<Object[]> read = roundTrip(rows);
        assertThat(read.get(1000)[1].toString()).isEqualTo(new String(big));
        assertThat(read.get(4999)[0].toString()).isEqualTo("row 4999");
    }

    @Test
    void an_empty_spill_reads_as_no_rows_and_a_cut_short_one_fails() throws Exception {
        assertThat(roundTrip(List.of())).isEmpty();

        Path path = dir.resolve("2.rows");
        Object[] row = {Utf8.of("abc"), null, 1L, 2, 3.0, true, Instant.EPOCH, LocalDate.EPOCH, new BigDecimal("1.00"),
                null};
        try (SpillFile.Writer writer = new SpillFile.Writer(path, WRITERS)) {
            writer.write(row);
            writer.write(row);
        }
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(bytes, bytes.length - 3));
        try (SpillFile.Reader reader = new SpillFile.Reader(path)) {
            assertThat(reader.next()).isTrue();
            assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("corrupt")
                    .hasMessageContaining("cut short");
        }
    }

    @Test
    void a_value_running_past_its_row_is_found_when_replayed() throws Exception {
        Path path = dir.resolve("4.rows");
        Object[] row = new Object[SCHEMA.size()];
        row[0] = Utf8.of("abc");
        try (SpillFile.Writer writer = new SpillFile.Writer(path, WRITERS)) {
            writer.write(row);
        }
        byte[] bytes = Files.readAllBytes(path);
        bytes[4 + 1 + 3] = 100; // the first value's length (after the row's length and the tag): 3 -> 100
        Files.write(path, bytes);
        RowFileWriter file = newFile(dir.resolve("corrupt.parquet"));
        try (SpillFile.Reader reader = new SpillFile.Reader(path)) {
            assertThat(reader.next()).isTrue();
            assertThatThrownBy(() -> file.writeSpilled(reader.buffer(), reader.rowStart(), reader.rowEnd()))
                    .isInstanceOf(CorruptSpillException.class).hasMessageContaining("runs past its row");
        } finally {
            file.abort();
        }
    }

    @Test
    void an_existing_file_is_never_replaced() throws Exception {
        Path path = dir.resolve("3.rows");
        Files.writeString(path, "someone else's");

        assertThatThrownBy(() -> new SpillFile.Writer(path, WRITERS)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(path)).isEqualTo("someone else's");
    }
}

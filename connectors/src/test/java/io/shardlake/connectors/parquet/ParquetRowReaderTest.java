package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.parquet.Compression;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs without Hadoop on the class path (see connectors/pom.xml), as the sink does in production. */
class ParquetRowReaderTest {

    static final RowSchema EVERY_TYPE = new RowSchema(List.of(
            new Column("s", ColumnType.STRING), new Column("j", ColumnType.JSON),
            new Column("b", ColumnType.BIGINT), new Column("i", ColumnType.INT),
            new Column("d", ColumnType.DOUBLE), new Column("flag", ColumnType.BOOLEAN),
            new Column("at", ColumnType.TIMESTAMP), new Column("day", ColumnType.DATE),
            new Column("small", ColumnType.decimal(9, 2)), new Column("mid", ColumnType.decimal(18, 4)),
            new Column("big", ColumnType.decimal(38, 10))));

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void reads_back_every_type_and_null_as_written(Compression compression) throws Exception {
        Object[] full = {"héllo", "{\"a\":1}", -5L, 7, 1.5, true, Instant.parse("1969-12-31T23:59:59.999Z"),
                LocalDate.of(2026, 11, 23), new BigDecimal("-1234567.89"), new BigDecimal("12345678901234.5678"),
                new BigDecimal("-1234567890123456789012345678.0123456789")};
        Object[] empty = new Object[EVERY_TYPE.size()];
        Path file = write(EVERY_TYPE, compression, List.of(full, empty));

        List<Object[]> rows = new ArrayList<>();
        long count = new ParquetRowReader(EVERY_TYPE).read(file, rows::add);

        assertThat(count).isEqualTo(2);
        assertThat(rows.get(0)).containsExactly(full);
        assertThat(rows.get(1)).containsOnlyNulls().hasSize(EVERY_TYPE.size());
    }

    @Test
    void a_file_of_another_schema_is_refused_naming_the_column() throws Exception {
        RowSchema written = new RowSchema(List.of(new Column("id", ColumnType.BIGINT), new Column("n", ColumnType.INT)));
        Path file = write(written, Compression.SNAPPY, List.<Object[]>of(new Object[] {1L, 2}));
        RowSchema expected = new RowSchema(List.of(new Column("id", ColumnType.BIGINT), new Column("n", ColumnType.BIGINT)));

        assertThatThrownBy(() -> new ParquetRowReader(expected).read(file, row -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 2")
                .hasMessageContaining("'n' optional int64 n")
                .hasMessageContaining("'n' optional int32 n");
    }

    private Path write(RowSchema schema, Compression compression, List<Object[]> rows) throws Exception {
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(schema,
                ParquetOptions.defaults().withCompression(compression), dir.resolve(compression.name()), "w")) {
            for (Object[] row : rows) {
                writer.write("dt=2026-11-23", Arrays.copyOf(row, row.length));
            }
            List<WrittenFile> files = writer.finish();
            return files.get(0).localPath();
        }
    }
}

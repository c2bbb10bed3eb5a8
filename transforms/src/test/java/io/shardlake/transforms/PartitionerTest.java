package io.shardlake.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionerTest {

    private static final RowSchema SCHEMA = new RowSchema(List.of(
            new Column("id", ColumnType.BIGINT),
            new Column("created_at", ColumnType.TIMESTAMP),
            new Column("order_date", ColumnType.DATE),
            new Column("status", ColumnType.STRING)));

    private static String folder(String column, PartitionGranularity g, Object value) {
        Object[] row = new Object[4];
        row[SCHEMA.indexOf(column)] = value;
        return new Partitioner(SCHEMA, column, g).folderOf(row);
    }

    @Test
    void foldersDoNotDependOnTheJvmTimeZone() {
        // Surefire runs tests in America/Sao_Paulo; also try zones on both sides of UTC explicitly.
        TimeZone original = TimeZone.getDefault();
        try {
            for (String zone : List.of("America/Sao_Paulo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                assertThat(folder("created_at", PartitionGranularity.DAY, Instant.parse("2026-11-24T01:30:00Z")))
                        .as(zone).isEqualTo("dt=2026-11-24");
                assertThat(folder("created_at", PartitionGranularity.DAY, Instant.parse("2026-11-23T23:59:59.999Z")))
                        .as(zone).isEqualTo("dt=2026-11-23");
                assertThat(folder("created_at", PartitionGranularity.HOUR, Instant.parse("2026-11-23T23:59:59.999Z")))
                        .as(zone).isEqualTo("dt=2026-11-23-23");
                assertThat(folder("order_date", PartitionGranularity.DAY, LocalDate.of(2026, 11, 23)))
                        .as(zone).isEqualTo("dt=2026-11-23");
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("2026-11-23T12:34:56Z", PartitionGranularity.DAY, "dt=2026-11-23"),
                Arguments.of("2026-11-23T12:34:56Z", PartitionGranularity.HOUR, "dt=2026-11-23-12"),
                Arguments.of("2026-11-23T12:34:56Z", PartitionGranularity.MONTH, "dt=2026-11"),
                Arguments.of("2026-11-23T23:59:59.999Z", PartitionGranularity.DAY, "dt=2026-11-23"),
                Arguments.of("2026-11-23T23:59:59.999Z", PartitionGranularity.HOUR, "dt=2026-11-23-23"),
                Arguments.of("2026-11-24T00:00:00Z", PartitionGranularity.DAY, "dt=2026-11-24"),
                Arguments.of("2026-11-24T00:00:00Z", PartitionGranularity.HOUR, "dt=2026-11-24-00"),
                // 2026-11-23 22:30 in São Paulo, already the 24th in UTC
                Arguments.of("2026-11-24T01:30:00Z", PartitionGranularity.DAY, "dt=2026-11-24"),
                Arguments.of("2026-11-24T01:30:00Z", PartitionGranularity.HOUR, "dt=2026-11-24-01"),
                // last evening of the month in São Paulo, next month in UTC
                Arguments.of("2026-12-01T02:00:00Z", PartitionGranularity.MONTH, "dt=2026-12"),
                Arguments.of("2026-12-31T23:59:59.999Z", PartitionGranularity.MONTH, "dt=2026-12"),
                Arguments.of("2027-01-01T00:00:00Z", PartitionGranularity.DAY, "dt=2027-01-01"),
                Arguments.of("1999-03-07T09:05:00Z", PartitionGranularity.HOUR, "dt=1999-03-07-09"));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("timestamps")
    void timestampsArePartitionedInUtc(String instant, PartitionGranularity granularity, String expected) {
        assertThat(folder("created_at", granularity, Instant.parse(instant))).isEqualTo(expected);
    }

    @Test
    void datesArePartitionedByDayOrMonth() {
        assertThat(folder("order_date", PartitionGranularity.DAY, LocalDate.of(2026, 2, 28))).isEqualTo("dt=2026-02-28");
        assertThat(folder("order_date", PartitionGranularity.MONTH, LocalDate.of(2026, 2, 28))).isEqualTo("dt=2026-02");
        assertThat(folder("order_date", PartitionGranularity.DAY, LocalDate.of(2024, 2, 29))).isEqualTo("dt=2024-02-29");
    }

    @Test
    void aNullPartitionValueHasNoFolder() {
        assertThat(folder("created_at", PartitionGranularity.DAY, null)).isNull();
        assertThat(folder("order_date", PartitionGranularity.MONTH, null)).isNull();
    }

    @Test
    void thePartitionerDescribesItself() {
        Partitioner p = new Partitioner(SCHEMA, "created_at", PartitionGranularity.HOUR);

        assertThat(p.column()).isEqualTo("created_at");
        assertThat(p.granularity()).isEqualTo(PartitionGranularity.HOUR);
        assertThat(Partitioner.KEY).isEqualTo("dt");
    }

    @Test
    void granularityPatternsAreTheFolderFormats() {
        assertThat(PartitionGranularity.HOUR.pattern()).isEqualTo("yyyy-MM-dd-HH");
        assertThat(PartitionGranularity.DAY.pattern()).isEqualTo("yyyy-MM-dd");
        assertThat(PartitionGranularity.MONTH.pattern()).isEqualTo("yyyy-MM");
    }

    @Test
    void granularityParsesCaseInsensitively() {
        assertThat(PartitionGranularity.parse(" Hour ")).isEqualTo(PartitionGranularity.HOUR);
        assertThat(PartitionGranularity.parse("day")).isEqualTo(PartitionGranularity.DAY);
        assertThat(PartitionGranularity.parse("MONTH")).isEqualTo(PartitionGranularity.MONTH);
        assertThatThrownBy(() -> PartitionGranularity.parse("week"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown granularity 'week'; use hour, day or month");
    }

    static Stream<Arguments> badPartitions() {
        return Stream.of(
                Arguments.of("status", PartitionGranularity.DAY, "partition.column",
                        "'status' is string; partition by a timestamp or date column"),
                Arguments.of("id", PartitionGranularity.MONTH, "partition.column",
                        "'id' is bigint; partition by a timestamp or date column"),
                Arguments.of("order_date", PartitionGranularity.HOUR, "partition.granularity",
                        "'order_date' is a date; hourly partitions need a timestamp"),
                Arguments.of("updated_at", PartitionGranularity.DAY, "partition.column", "'updated_at' is not an output column"));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("badPartitions")
    void unusablePartitionColumnsAreRefused(String column, PartitionGranularity g, String field, String problem) {
        assertThatThrownBy(() -> new Partitioner(SCHEMA, column, g))
                .asInstanceOf(InstanceOfAssertFactories.type(TransformSpecException.class))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).isEqualTo(problem);
                });
    }
}

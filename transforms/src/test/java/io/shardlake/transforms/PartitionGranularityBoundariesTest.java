package io.shardlake.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PartitionGranularityBoundariesTest {

    static Stream<Arguments> partitions() {
        return Stream.of(
                // instant, granularity, partition start, next partition start, folder
                Arguments.of("2026-11-23T12:34:56.789Z", PartitionGranularity.HOUR, "2026-11-23T12:00:00Z", "2026-11-23T13:00:00Z", "dt=2026-11-23-12"),
                Arguments.of("2026-11-23T23:59:59.999Z", PartitionGranularity.HOUR, "2026-11-23T23:00:00Z", "2026-11-24T00:00:00Z", "dt=2026-11-23-23"),
                Arguments.of("2026-11-23T12:34:56Z", PartitionGranularity.DAY, "2026-11-23T00:00:00Z", "2026-11-24T00:00:00Z", "dt=2026-11-23"),
                Arguments.of("2026-11-24T00:00:00Z", PartitionGranularity.DAY, "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z", "dt=2026-11-24"),
                Arguments.of("2024-02-29T10:00:00Z", PartitionGranularity.DAY, "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z", "dt=2024-02-29"),
                Arguments.of("2024-02-10T10:00:00Z", PartitionGranularity.MONTH, "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "dt=2024-02"),
                Arguments.of("2026-12-31T23:59:59.999Z", PartitionGranularity.MONTH, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "dt=2026-12"),
                // the DST nights of Europe do not exist in UTC partitions: still 24 hours
                Arguments.of("2026-03-29T01:30:00Z", PartitionGranularity.DAY, "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", "dt=2026-03-29"));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("partitions")
    void partitionsAreUtcHoursDaysAndCalendarMonths(String at, PartitionGranularity g, String start, String next, String folder) {
        Instant instant = Instant.parse(at);

        assertThat(g.start(instant)).isEqualTo(Instant.parse(start));
        assertThat(g.next(instant)).isEqualTo(Instant.parse(next));
        assertThat(g.isBoundary(Instant.parse(start))).isTrue();
        assertThat(g.isBoundary(instant)).isEqualTo(instant.equals(Instant.parse(start)));
        assertThat(g.folderOf(instant)).isEqualTo(folder);
    }
}

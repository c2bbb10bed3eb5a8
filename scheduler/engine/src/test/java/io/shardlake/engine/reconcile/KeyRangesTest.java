package io.shardlake.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.lake.LiveKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

    @Test
    void theHashIsMySqlsCrc32OfTheDecimalDigits() {
        // SELECT CRC32(1), CRC32(123456789) on MariaDB
        assertThat(KeyRanges.hash(1)).isEqualTo(2212294583L);
        assertThat(KeyRanges.hash(123456789)).isEqualTo(3421780262L);
    }

    @Test
    void rangesCoverTheSpanAtTheTargetCountButNeverNarrowerThanTheMinimum() {
        KeyRanges wide = KeyRanges.over(1, 1_000_000, 1000, 16);
        assertThat(wide.width()).isEqualTo(1000);
        assertThat(wide.rangeOf(1)).isZero();
        assertThat(wide.rangeOf(1000)).isZero();
        assertThat(wide.rangeOf(1001)).isEqualTo(1);
        assertThat(wide.from(1)).isEqualTo(1001);
        assertThat(wide.until(1)).isEqualTo(2001);
        assertThat(wide.rangeOf(0)).as("below the replica's smallest key").isEqualTo(-1);
        assertThat(KeyRanges.over(1, 100, 1000, 16).width()).isEqualTo(16);
    }

    @Test
    void onlyRangesWhoseSummariesDifferAreComparedAndRangesTheReplicaLacksNeedNoListing() {
        KeyRanges ranges = new KeyRanges(0, 10);
        Map<Long, KeyRanges.Summary> lake = ranges.summarize(LiveKeys.of(1, 2, 11, 12, 25, 31));
        Map<Long, KeyRanges.Summary> source = ranges.summarize(LiveKeys.of(1, 2, 11, 13, 25));

        RangeComparison c = RangeComparison.of(source, lake);

        assertThat(c.ranges()).isEqualTo(4);
        assertThat(c.toList()).as("11,12 vs 11,13: same count, other hash").containsExactly(1L);
        assertThat(c.goneFromSource()).containsExactly(3L);
        assertThat(c.differing()).isEqualTo(2);
    }
}

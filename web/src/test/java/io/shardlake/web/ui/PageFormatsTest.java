package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageFormatsTest {

    @Test
    void spansShowTheTwoLargestUnits() {
        assertThat(PageFormats.span(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(PageFormats.span(Duration.ofSeconds(200))).isEqualTo("3m 20s");
        assertThat(PageFormats.span(Duration.ofMinutes(125))).isEqualTo("2h 5m");
        assertThat(PageFormats.span(Duration.ofHours(76))).isEqualTo("3d 4h");
        assertThat(PageFormats.span(null)).isEmpty();
    }

    @Test
    void theSparklineSpreadsRunsOverTheWidthAndTheLongestReachesTheTop() {
        String points = PageFormats.sparkline(List.of(Duration.ofSeconds(10), Duration.ofSeconds(40), Duration.ofSeconds(20)), 100, 20);

        assertThat(points).isEqualTo("1.0,14.5 50.0,1.0 99.0,10.0");
        assertThat(PageFormats.sparkline(List.of(), 100, 20)).isEmpty();
    }
}

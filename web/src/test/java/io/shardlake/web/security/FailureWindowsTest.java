package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureWindowsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T07:00:00Z"));
    private final FailureWindows<String> windows = new FailureWindows<>(3, Duration.ofMinutes(15), Duration.ofMinutes(10), clock);

    @Test
    void refusalsWhileBlockedNeitherCountNorExtendTheBlock() {
        windows.failed("k");
        windows.failed("k");
        Instant until = windows.failed("k").orElseThrow();

        clock.advance(Duration.ofMinutes(9));
        assertThat(windows.failed("k")).isEmpty();
        assertThat(windows.blockedUntil("k")).contains(until);
        clock.advance(Duration.ofMinutes(1));
        assertThat(windows.blockedUntil("k")).isEmpty();
    }

    @Test
    void keysThatHoldNothingCurrentAreDroppedAsTheMapGrows() {
        for (int i = 0; i < 1000; i++) {
            windows.failed("old-" + i);
        }
        clock.advance(Duration.ofMinutes(15));
        windows.failed("blocked");
        windows.failed("blocked");
        windows.failed("blocked");

        for (int i = 0; i < 100; i++) {
            windows.failed("new-" + i);
        }

        assertThat(windows.size()).as("the new keys and the one blocked; the old ones left the window").isEqualTo(101);
        assertThat(windows.blockedUntil("blocked")).isPresent();
    }
}

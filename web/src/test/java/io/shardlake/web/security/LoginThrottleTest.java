package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T07:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(Set.of("ana"), 3, Duration.ofMinutes(15), Duration.ofMinutes(10), clock);

    @Test
    void theThirdRefusedPasswordWithinTheWindowLocksTheUserForTheLockout() {
        assertThat(throttle.failed("ana")).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.failed("ana")).isEmpty();
        assertThat(throttle.failed("ana")).contains(clock.instant().plus(Duration.ofMinutes(10)));

        assertThat(throttle.lockedUntil("ana")).isPresent();
        assertThat(throttle.failed("ana")).as("failures while locked do not extend the lock").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.lockedUntil("ana")).isEmpty();
        assertThat(throttle.failed("ana")).as("the count starts over after a lock").isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAndFailuresBeforeASuccessDoNotCount() {
        throttle.failed("ana");
        throttle.failed("ana");
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.failed("ana")).as("the first two left the window").isEmpty();

        throttle.failed("ana");
        throttle.succeeded("ana");
        throttle.failed("ana");
        assertThat(throttle.failed("ana")).isEmpty();
        assertThat(throttle.lockedUntil("ana")).isEmpty();
    }

    @Test
    void namesThatAreNoUserAreNotTracked() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.failed("root")).isEmpty();
        }
        assertThat(throttle.lockedUntil("root")).isEmpty();
        assertThatThrownBy(() -> new LoginThrottle(Set.of(), 0, Duration.ofMinutes(1), Duration.ofMinutes(1), clock))
                .hasMessageContaining("shardlake.security.lockout.max-failures");
    }
}

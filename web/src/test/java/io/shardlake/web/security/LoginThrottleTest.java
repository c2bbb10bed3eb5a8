package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final String GUESSER = "203.0.113.7";
    private static final String ANA_AT_HER_DESK = "198.51.100.20";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T07:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(lockout(3, 5), clock);

    private static SecurityProperties.Lockout lockout(int perName, int perClient) {
        return new SecurityProperties.Lockout(perName, perClient, Duration.ofMinutes(15), Duration.ofMinutes(10));
    }

    @Test
    void theThirdRefusalOfANameFromAClientThrottlesThatClientForThatNameOnly() {
        assertThat(throttle.failed(GUESSER, "ana")).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.failed(GUESSER, "ana")).isEmpty();
        assertThat(throttle.failed(GUESSER, "ana"))
                .contains(new LoginThrottle.Throttling(LoginThrottle.Scope.NAME, clock.instant().plus(Duration.ofMinutes(10))));

        assertThat(throttle.refusedUntil(GUESSER, "ana")).isPresent();
        assertThat(throttle.refusedUntil(GUESSER, "ANA")).as("names ignore case, as the users do").isPresent();
        assertThat(throttle.refusedUntil(ANA_AT_HER_DESK, "ana")).as("ana from elsewhere").isEmpty();
        assertThat(throttle.refusedUntil(GUESSER, "bob")).as("other names from the guesser").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.refusedUntil(GUESSER, "ana")).isEmpty();
        assertThat(throttle.failed(GUESSER, "ana")).as("the count starts over after a throttling").isEmpty();
    }

    @Test
    void aClientRefusedForManyNamesIsThrottledForEveryName() {
        for (int i = 1; i < 5; i++) {
            assertThat(throttle.failed(GUESSER, "name-" + i)).isEmpty();
        }
        assertThat(throttle.failed(GUESSER, "name-5")).hasValueSatisfying(t -> assertThat(t.scope()).isEqualTo(LoginThrottle.Scope.CLIENT));

        assertThat(throttle.refusedUntil(GUESSER, "ana")).isPresent();
        assertThat(throttle.refusedUntil(ANA_AT_HER_DESK, "ana")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAndFailuresBeforeASuccessDoNotCount() {
        throttle.failed(GUESSER, "ana");
        throttle.failed(GUESSER, "ana");
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.failed(GUESSER, "ana")).as("the first two left the window").isEmpty();

        throttle.failed(ANA_AT_HER_DESK, "ana");
        throttle.succeeded(ANA_AT_HER_DESK, "ana");
        throttle.failed(ANA_AT_HER_DESK, "ana");
        assertThat(throttle.failed(ANA_AT_HER_DESK, "ana")).isEmpty();
        assertThat(throttle.refusedUntil(ANA_AT_HER_DESK, "ana")).isEmpty();
    }

    @Test
    void aSuccessDoesNotWipeTheClientsRefusalsOfOtherNames() {
        for (int i = 1; i < 5; i++) {
            throttle.failed(GUESSER, "name-" + i);
        }
        throttle.succeeded(GUESSER, "ana");

        assertThat(throttle.failed(GUESSER, "name-5")).isPresent();
    }

    @Test
    void limitsBelowOneAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new LoginThrottle(lockout(0, 5), clock)).hasMessageContaining("shardlake.security.lockout.max-failures ");
        assertThatThrownBy(() -> new LoginThrottle(lockout(3, 0), clock))
                .hasMessageContaining("shardlake.security.lockout.max-failures-per-client");
    }
}

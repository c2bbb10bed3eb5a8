package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.audit.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class ThrottledPasswordCheckTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T07:00:00Z"));
    private final List<AuditEntry> audited = new CopyOnWriteArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    /** Refuses every password, once the test releases it. */
    private final AuthenticationProvider wrongPasswords = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication attempt) {
            checked.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new BadCredentialsException("wrong");
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };

    private ThrottledPasswordCheck check() {
        SecurityProperties.Lockout lockout = new SecurityProperties.Lockout(3, null, null, Duration.ofMinutes(10));
        return new ThrottledPasswordCheck(wrongPasswords, new LoginThrottle(lockout, clock), new LoginAudit(audited::add));
    }

    private static Authentication attempt(String client, String name) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(name, "guess");
        attempt.setDetails(new WebAuthenticationDetails(client, null));
        return attempt;
    }

    @Test
    @Timeout(60) // a guard only: the waits below end as soon as the threads are where they should be
    void aBurstOfGuessesFromOneClientIsCheckedOneAtATimeSoNoMoreThanTheLimitAreChecked() throws Exception {
        ThrottledPasswordCheck check = check();
        List<Thread> guesses = new ArrayList<>();
        List<Class<?>> answers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            guesses.add(new Thread(() -> {
                try {
                    check.authenticate(attempt("203.0.113.7", "ana"));
                } catch (RuntimeException e) {
                    answers.add(e.getClass());
                }
            }));
        }
        guesses.forEach(Thread::start);

        // until every guess is being checked, or one is and the others wait for it
        while (checked.get() < guesses.size()
                && (checked.get() == 0 || guesses.stream().filter(t -> t.getState() == Thread.State.BLOCKED).count() < guesses.size() - 1)) {
            Thread.onSpinWait();
        }
        assertThat(checked.get()).as("checked at once").isEqualTo(1);
        release.countDown();
        for (Thread t : guesses) {
            t.join();
        }

        assertThat(checked.get()).isEqualTo(3);
        assertThat(answers).filteredOn(BadCredentialsException.class::equals).hasSize(3);
        assertThat(answers).filteredOn(LoginThrottledException.class::equals).hasSize(7);
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("login.throttle");
            assertThat(e.subject()).isEqualTo("203.0.113.7");
            assertThat(e.toString()).doesNotContain("ana");
        });
    }

    @Test
    void aThrottledClientIsRefusedBeforeItsPasswordIsChecked() {
        ThrottledPasswordCheck check = check();
        release.countDown();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> check.authenticate(attempt("203.0.113.7", "ana"))).isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> check.authenticate(attempt("203.0.113.7", "ana"))).isInstanceOf(LoginThrottledException.class);
        assertThat(checked.get()).isEqualTo(3);
        assertThatThrownBy(() -> check.authenticate(attempt("198.51.100.20", "ana"))).isInstanceOf(BadCredentialsException.class);
    }
}

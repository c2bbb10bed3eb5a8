package io.shardlake.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops password guessing against a local user: after {@code maxFailures} refused passwords
 * within {@code window}, the user is locked for {@code lockout}, so further attempts (login page
 * and HTTP Basic alike) are refused without the password being checked. Only configured user
 * names are tracked, so guesses at names that do not exist cost no memory. Per process: each
 * node of a cluster counts its own.
 */
final class LoginThrottle {

    private final Set<String> users;
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();

    LoginThrottle(Set<String> users, int maxFailures, Duration window, Duration lockout, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("shardlake.security.lockout.max-failures must be at least 1, was " + maxFailures);
        }
        this.users = Set.copyOf(users);
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** Until when {@code user} is locked; empty when it may log in. */
    Optional<Instant> lockedUntil(String user) {
        Instant until = lockedUntil.get(user);
        if (until == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(until)) {
            lockedUntil.remove(user, until);
            return Optional.empty();
        }
        return Optional.of(until);
    }

    /**
     * A refused password for {@code user}.
     *
     * @return when this failure locked the user: until when; else empty
     */
    Optional<Instant> failed(String user) {
        if (!users.contains(user) || lockedUntil(user).isPresent()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(user, u -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(now);
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(window))) {
                recent.removeFirst();
            }
            if (recent.size() < maxFailures) {
                return Optional.empty();
            }
            recent.clear();
        }
        Instant until = now.plus(lockout);
        lockedUntil.put(user, until);
        return Optional.of(until);
    }

    /** A password accepted: earlier failures no longer count. */
    void succeeded(String user) {
        failures.remove(user);
    }
}

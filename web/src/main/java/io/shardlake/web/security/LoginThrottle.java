package io.shardlake.web.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows password guessing down for the guesser only. Refusals are counted per client address and
 * user name together: after {@code max-failures} refusals of one name from one client within
 * {@code window}, that client may not try that name for {@code duration}, while the same name from
 * any other address logs in as usual. A client refused {@code max-failures-per-client} times within
 * the window, whatever the names, may not log in at all for the duration, so trying many names
 * gains nothing. Names that are no user count exactly like users (no answer tells them apart).
 * Names are compared ignoring case, as the users are. Per process: each node counts its own.
 */
final class LoginThrottle {

    /** Who a throttling holds back: the client for one name, or the client for every name. */
    enum Scope { NAME, CLIENT }

    /** A throttling that began: what it holds back, until when. */
    record Throttling(Scope scope, Instant until) {
    }

    private record ClientAndName(String client, String name) {
        static ClientAndName of(String client, String name) {
            return new ClientAndName(client, name == null ? "" : name.toLowerCase(Locale.ROOT));
        }
    }

    private final FailureWindows<ClientAndName> perName;
    private final FailureWindows<String> perClient;

    LoginThrottle(SecurityProperties.Lockout settings, Clock clock) {
        this.perName = new FailureWindows<>(atLeastOne(settings.maxFailures(), "max-failures"), settings.window(),
                settings.duration(), clock);
        this.perClient = new FailureWindows<>(atLeastOne(settings.maxFailuresPerClient(), "max-failures-per-client"),
                settings.window(), settings.duration(), clock);
    }

    private static int atLeastOne(int value, String key) {
        if (value < 1) {
            throw new IllegalArgumentException("shardlake.security.lockout." + key + " must be at least 1, was " + value);
        }
        return value;
    }

    /** Until when {@code client} may not try {@code name}; empty when it may. */
    Optional<Instant> refusedUntil(String client, String name) {
        Optional<Instant> forName = perName.blockedUntil(ClientAndName.of(client, name));
        Optional<Instant> forClient = perClient.blockedUntil(client);
        if (forName.isPresent() && forClient.isPresent()) {
            return forName.get().isAfter(forClient.get()) ? forName : forClient;
        }
        return forName.isPresent() ? forName : forClient;
    }

    /**
     * A refused password of {@code name} from {@code client}.
     *
     * @return the throttling this refusal began (the client's when both began); else empty
     */
    Optional<Throttling> failed(String client, String name) {
        Optional<Instant> forName = perName.failed(ClientAndName.of(client, name));
        Optional<Instant> forClient = perClient.failed(client);
        return forClient.map(until -> new Throttling(Scope.CLIENT, until))
                .or(() -> forName.map(until -> new Throttling(Scope.NAME, until)));
    }

    /**
     * An accepted password: this client's earlier refusals of this name no longer count. Its
     * refusals of other names still do, so one known account cannot wipe a spray's count.
     */
    void succeeded(String client, String name) {
        perName.clear(ClientAndName.of(client, name));
    }
}

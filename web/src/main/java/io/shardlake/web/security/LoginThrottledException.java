package io.shardlake.web.security;

import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** A login refused unchecked because its client is throttled ({@link LoginThrottle}); the same for every name. */
final class LoginThrottledException extends AuthenticationException {

    private final Instant until;

    LoginThrottledException(Instant until) {
        super("too many refused logins from this address; refused until " + until);
        this.until = until;
    }

    Instant until() {
        return until;
    }
}

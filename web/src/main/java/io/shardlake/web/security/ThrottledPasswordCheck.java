package io.shardlake.web.security;

import java.time.Instant;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * The local users' password check (login page and HTTP Basic alike) behind {@link LoginThrottle}:
 * a client throttled for the name, or altogether, is refused with {@link LoginThrottledException}
 * before any password is looked at; a refused password counts against the client and the name; a
 * throttling that begins is audited. A name that is no user goes through the same steps (see
 * {@link LocalUserDirectory}), so the answers are the same for it as for a wrong password.
 */
final class ThrottledPasswordCheck implements AuthenticationProvider {

    private static final int STRIPES = 64;

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final LoginAudit audit;
    /**
     * One password check at a time per client address (per stripe of addresses): otherwise a client
     * sending many guesses at once would have them all checked before the first refusal counted.
     */
    private final Object[] stripes = new Object[STRIPES];

    /** @param passwords the unthrottled check of the local users' passwords */
    ThrottledPasswordCheck(AuthenticationProvider passwords, LoginThrottle throttle, LoginAudit audit) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String client = ClientAddress.of(attempt);
        String name = attempt.getName();
        synchronized (stripes[Math.floorMod(client.hashCode(), STRIPES)]) {
            Optional<Instant> refusedUntil = throttle.refusedUntil(client, name);
            if (refusedUntil.isPresent()) {
                throw new LoginThrottledException(refusedUntil.get());
            }
            try {
                Authentication accepted = passwords.authenticate(attempt);
                throttle.succeeded(client, name);
                return accepted;
            } catch (BadCredentialsException e) {
                throttle.failed(client, name).ifPresent(t -> audit.throttled(client, t));
                throw e;
            }
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}

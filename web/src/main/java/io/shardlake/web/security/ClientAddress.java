package io.shardlake.web.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The address a login came from, as the login filters recorded it (the request's remote address:
 * behind a reverse proxy the proxy's, unless the service trusts its {@code X-Forwarded-For}).
 */
final class ClientAddress {

    static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    static String of(Authentication attempt) {
        return attempt != null && attempt.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
                ? web.getRemoteAddress() : UNKNOWN;
    }
}

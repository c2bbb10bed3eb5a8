package io.shardlake.web.security;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code shardlake.security.*}: who may log in and with which roles. Checked at start-up by
 * {@link LocalAccounts} and {@link ApiTokens}: a password that is not a recognised hash, a token
 * that is not a SHA-256 hex digest or an unknown role stops the service with the key named.
 * A key left out (null) takes the default stated in the compact constructors, bound or built.
 *
 * <pre>
 * shardlake.security.mode: local | oidc
 * shardlake.security.users[0].name / .password ({bcrypt}$2a$...) / .roles[0]
 * shardlake.security.tokens[0].name / .sha256 (hex of the token's SHA-256) / .roles[0]
 * shardlake.security.oidc.roles-claim (default groups) / .group-roles.&lt;group&gt;[0]=ROLE
 * shardlake.security.lockout.max-failures / .max-failures-per-client / .window / .duration
 * </pre>
 *
 * @param mode            local (default): users below log in with a password (pages: form, API: Basic);
 *                        oidc: pages log in through the provider
 * @param maxRequestBytes larger request bodies are refused with 413 before anything reads them;
 *                        default 1 MiB (a registration is a few KB)
 */
@ConfigurationProperties("shardlake.security")
public record SecurityProperties(Mode mode, List<User> users, List<Token> tokens, Oidc oidc, Lockout lockout, Long maxRequestBytes) {

    public enum Mode { LOCAL, OIDC }

    public SecurityProperties {
        mode = mode == null ? Mode.LOCAL : mode;
        users = users == null ? List.of() : List.copyOf(users);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        oidc = oidc == null ? new Oidc(null, null) : oidc;
        lockout = lockout == null ? new Lockout(null, null, null, null) : lockout;
        maxRequestBytes = maxRequestBytes == null ? 1024 * 1024 : maxRequestBytes;
    }

    /**
     * How refused passwords throttle the client that sent them (see {@code LoginThrottle}): the
     * client for one user name after {@code maxFailures} refusals of that name within
     * {@code window} (default 5 in 15 minutes), the client for every name after
     * {@code maxFailuresPerClient} refusals of any names (default 20), each for {@code duration}
     * (default 15 minutes). Nobody else is held back.
     */
    public record Lockout(Integer maxFailures, Integer maxFailuresPerClient, Duration window, Duration duration) {
        public Lockout {
            maxFailures = maxFailures == null ? 5 : maxFailures;
            maxFailuresPerClient = maxFailuresPerClient == null ? 20 : maxFailuresPerClient;
            window = window == null ? Duration.ofMinutes(15) : window;
            duration = duration == null ? Duration.ofMinutes(15) : duration;
        }
    }

    /** A local user; the password is a DelegatingPasswordEncoder hash such as {@code {bcrypt}$2a$10$...}, never plain text. */
    public record User(String name, String password, List<String> roles) {
        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        /** Never prints the password hash. */
        @Override
        public String toString() {
            return "User[" + name + ", " + roles + "]";
        }
    }

    /** An opaque API token (sent as {@code Authorization: Bearer <token>}), kept only as the hex of its SHA-256. */
    public record Token(String name, String sha256, List<String> roles) {
        public Token {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        /** Never prints the digest. */
        @Override
        public String toString() {
            return "Token[" + name + ", " + roles + "]";
        }
    }

    /**
     * How an OIDC login's groups become roles.
     *
     * @param rolesClaim the ID token / user-info claim holding the user's groups (a list, or one space- or
     *                   comma-separated string); default {@code groups}
     * @param groupRoles group name to the roles it grants, in configuration order; groups not listed grant nothing
     */
    public record Oidc(String rolesClaim, Map<String, List<String>> groupRoles) {
        public Oidc {
            rolesClaim = rolesClaim == null ? "groups" : rolesClaim;
            groupRoles = groupRoles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(groupRoles));
        }
    }
}

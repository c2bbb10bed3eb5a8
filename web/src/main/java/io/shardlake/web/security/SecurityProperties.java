package io.shardlake.web.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code shardlake.security.*}: who may log in and with which roles. Checked at start-up by
 * {@link LocalAccounts} and {@link ApiTokens}: a password that is not a recognised hash, a token
 * that is not a SHA-256 hex digest or an unknown role stops the service with the key named.
 *
 * <pre>
 * shardlake.security.mode: local | oidc
 * shardlake.security.users[0].name / .password ({bcrypt}$2a$...) / .roles[0]
 * shardlake.security.tokens[0].name / .sha256 (hex of the token's SHA-256) / .roles[0]
 * shardlake.security.oidc.roles-claim (default groups) / .group-roles.&lt;group&gt;[0]=ROLE
 * shardlake.security.lockout.max-failures / .max-failures-per-client / .window / .duration
 * </pre>
 */
@ConfigurationProperties("shardlake.security")
public class SecurityProperties {

    public enum Mode { LOCAL, OIDC }

    /** local: users below log in with a password (pages: form, API: Basic); oidc: pages log in through the provider. */
    private Mode mode = Mode.LOCAL;
    private List<User> users = new ArrayList<>();
    private List<Token> tokens = new ArrayList<>();
    private final Oidc oidc = new Oidc();
    private final Lockout lockout = new Lockout();
    /** Larger request bodies are refused with 413 before anything reads them (a registration is a few KB). */
    private long maxRequestBytes = 1024 * 1024;

    public long getMaxRequestBytes() {
        return maxRequestBytes;
    }

    public void setMaxRequestBytes(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public List<User> getUsers() {
        return users;
    }

    public void setUsers(List<User> users) {
        this.users = users;
    }

    public List<Token> getTokens() {
        return tokens;
    }

    public void setTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    public Oidc getOidc() {
        return oidc;
    }

    public Lockout getLockout() {
        return lockout;
    }

    /**
     * How refused passwords throttle the client that sent them (see {@code LoginThrottle}): the
     * client for one user name after {@code maxFailures} refusals of that name within
     * {@code window}, the client for every name after {@code maxFailuresPerClient} refusals of any
     * names, each for {@code duration}. Nobody else is held back.
     */
    public static class Lockout {
        private int maxFailures = 5;
        private int maxFailuresPerClient = 20;
        private java.time.Duration window = java.time.Duration.ofMinutes(15);
        private java.time.Duration duration = java.time.Duration.ofMinutes(15);

        public int getMaxFailures() {
            return maxFailures;
        }

        public void setMaxFailures(int maxFailures) {
            this.maxFailures = maxFailures;
        }

        public int getMaxFailuresPerClient() {
            return maxFailuresPerClient;
        }

        public void setMaxFailuresPerClient(int maxFailuresPerClient) {
            this.maxFailuresPerClient = maxFailuresPerClient;
        }

        public java.time.Duration getWindow() {
            return window;
        }

        public void setWindow(java.time.Duration window) {
            this.window = window;
        }

        public java.time.Duration getDuration() {
            return duration;
        }

        public void setDuration(java.time.Duration duration) {
            this.duration = duration;
        }
    }

    /** Who a credential belongs to and the roles it grants; printing one never shows its secret. */
    public abstract static class Holder {
        private String name;
        private List<String> roles = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[" + name + ", " + roles + "]";
        }
    }

    /** A local user; the password is a DelegatingPasswordEncoder hash such as {@code {bcrypt}$2a$10$...}, never plain text. */
    public static class User extends Holder {
        private String password;

        public User() {
        }

        public User(String name, String password, List<String> roles) {
            setName(name);
            setRoles(roles);
            this.password = password;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** An opaque API token (sent as {@code Authorization: Bearer <token>}), kept only as the hex of its SHA-256. */
    public static class Token extends Holder {
        private String sha256;

        public String getSha256() {
            return sha256;
        }

        public void setSha256(String sha256) {
            this.sha256 = sha256;
        }
    }

    /** How an OIDC login's groups become roles. */
    public static class Oidc {
        /** The ID token / user-info claim holding the user's groups (a list, or one space- or comma-separated string). */
        private String rolesClaim = "groups";
        /** Group name to the roles it grants; groups not listed grant nothing. */
        private Map<String, List<String>> groupRoles = new LinkedHashMap<>();

        public String getRolesClaim() {
            return rolesClaim;
        }

        public void setRolesClaim(String rolesClaim) {
            this.rolesClaim = rolesClaim;
        }

        public Map<String, List<String>> getGroupRoles() {
            return groupRoles;
        }

        public void setGroupRoles(Map<String, List<String>> groupRoles) {
            this.groupRoles = groupRoles;
        }
    }
}

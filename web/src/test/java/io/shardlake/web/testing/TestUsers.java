package io.shardlake.web.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The users and API token the web tests log in with, configured in
 * {@code src/test/resources/application.properties}: one user per role, named after it, whose
 * password is the name plus {@code -test} (bcrypt hashes of cost 4, so logins stay fast).
 */
public final class TestUsers {

    public static final String VIEWER = "viewer";
    public static final String ANALYST = "analyst";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    /** An API token with the VIEWER role (its SHA-256 is configured as the token {@code ci-viewer}). */
    public static final String VIEWER_TOKEN = "viewer-token-test";
    /** An API token with only the EVENTS role (configured as the token {@code app-events}). */
    public static final String EVENTS_TOKEN = "events-token-test";

    private TestUsers() {
    }

    public static String password(String user) {
        return user + "-test";
    }

    /** The {@code Authorization} header value for the user's HTTP Basic login. */
    public static String basic(String user) {
        return basic(user, password(user));
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

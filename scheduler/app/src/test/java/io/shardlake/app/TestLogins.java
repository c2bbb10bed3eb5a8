package io.shardlake.app;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * How the app's tests log in. With the demo on (the default) the demo users (ShardlakeProperties.Demo.QUICK_START_USERS)
 * log in ({@link #DEMO_ADMIN}: admin / admin-demo). A service started with the demo off needs a
 * user configured or it refuses to start: {@link #ADMIN_PROPERTIES} configure {@value #ADMIN} /
 * {@value #ADMIN_PASSWORD} (a bcrypt hash of cost 4, so logins stay fast).
 */
public final class TestLogins {

    public static final String ADMIN = "test-admin";
    public static final String ADMIN_PASSWORD = "admin-test";
    public static final String ADMIN_NAME_PROPERTY = "shardlake.security.users[0].name=" + ADMIN;
    public static final String ADMIN_HASH_PROPERTY =
            "shardlake.security.users[0].password={bcrypt}$2a$04$qEeS8GhGwrHvHuwSeBntY./3.7iabZq4XpeEoCULnrfMkcubqqImS";
    public static final String ADMIN_ROLES_PROPERTY = "shardlake.security.users[0].roles=ADMIN";
    /** {@code key=value} lines for a service with the demo off. */
    public static final List<String> ADMIN_PROPERTIES = List.of(ADMIN_NAME_PROPERTY, ADMIN_HASH_PROPERTY, ADMIN_ROLES_PROPERTY);

    /** The Authorization header of the demo's admin (demo on). */
    public static final String DEMO_ADMIN = basic("admin", "admin-demo");
    /** The Authorization header of {@link #ADMIN} (demo off, {@link #ADMIN_PROPERTIES} set). */
    public static final String TEST_ADMIN = basic(ADMIN, ADMIN_PASSWORD);

    private TestLogins() {
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

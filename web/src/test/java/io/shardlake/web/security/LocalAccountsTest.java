package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.security.core.userdetails.UserDetails;

/** The start-up checks of users and tokens: every refusal names the key and never shows a secret. */
class LocalAccountsTest {

    /** Every key left out: the defaults. */
    private static final SecurityProperties NOTHING_CONFIGURED = new SecurityProperties(null, null, null, null, null, null);

    private static final String HASH = "{bcrypt}$2a$04$uIxcokwo42XlFoWXq9ot9OcC0hQEJUR3DjakI6BdiOi47JrfvL6O.";

    private static List<UserDetails> users(SecurityProperties.User... users) {
        return LocalAccounts.of(List.of(users), "shardlake.security.users");
    }

    @Test
    void aUserWithAHashAndKnownRolesLogsInWithThem() {
        UserDetails ana = users(new SecurityProperties.User("ana", HASH, List.of("analyst", "OPERATOR"))).get(0);

        assertThat(ana.getUsername()).isEqualTo("ana");
        assertThat(ana.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ANALYST", "ROLE_OPERATOR");
    }

    @Test
    void aPlainPasswordOrNoopIsRefusedWithoutShowingIt() {
        for (String password : new String[] {"hunter2-plain", "{noop}hunter2-plain", "{bcrypt}hunter2-plain", null}) {
            assertThatThrownBy(() -> users(new SecurityProperties.User("ana", HASH, List.of("VIEWER")),
                    new SecurityProperties.User("bob", password, List.of("VIEWER"))))
                    .hasMessageStartingWith("shardlake.security.users[1].password (user 'bob'): is not a recognised password hash")
                    .message().doesNotContain("hunter2");
        }
    }

    @Test
    void anUnknownOrMissingRoleIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> users(new SecurityProperties.User("ana", HASH, List.of("VIEWER", "ROOT"))))
                .hasMessage("shardlake.security.users[0].roles[1] (user 'ana'): unknown role 'ROOT'; use one of VIEWER, ANALYST, OPERATOR, ADMIN, EVENTS");
        assertThatThrownBy(() -> users(new SecurityProperties.User("ana", HASH, List.of())))
                .hasMessageStartingWith("shardlake.security.users[0].roles (user 'ana'): give at least one role");
    }

    @Test
    void aNameIsRequiredAndUnique() {
        assertThatThrownBy(() -> users(new SecurityProperties.User(" ", HASH, List.of("VIEWER"))))
                .hasMessage("shardlake.security.users[0].name: is required");
        assertThatThrownBy(() -> users(new SecurityProperties.User("ana", HASH, List.of("VIEWER")),
                new SecurityProperties.User("ana", HASH, List.of("ADMIN"))))
                .hasMessage("shardlake.security.users[1].name: user 'ana' is configured twice");
    }

    @Test
    void aTokenMustBeConfiguredAsItsSha256() {
        SecurityProperties.Token token = new SecurityProperties.Token("prometheus", "the-token-itself", List.of("ADMIN"));

        assertThatThrownBy(() -> ApiTokens.of(List.of(token)))
                .hasMessageStartingWith("shardlake.security.tokens[0].sha256 (token 'prometheus'): must be the 64 hex digits")
                .message().doesNotContain("the-token-itself");
    }

    @Test
    void aTokenMatchesOnlyItself() {
        SecurityProperties.Token token = new SecurityProperties.Token("prometheus",
                "C8A7523607AFD4EDEEE98DB9D77949509571371CD503AA73D074BA52A34A8CF9", List.of("ADMIN")); // prom-token-test, any case
        ApiTokens tokens = ApiTokens.of(List.of(token));

        assertThat(tokens.match("prom-token-test")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("prometheus"));
        assertThat(tokens.match("prom-token-tesT")).isEmpty();
        assertThat(tokens.match("")).isEmpty();
    }

    @Test
    void withNoUserAndNoDemoUsersTheServiceRefusesToStartInLocalMode() {
        DefaultListableBeanFactory none = new DefaultListableBeanFactory();

        assertThatThrownBy(() -> SecurityConfiguration.localUsers(NOTHING_CONFIGURED, none.getBeanProvider(DemoUsers.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No user can log in: configure shardlake.security.users[*]");
    }

    @Test
    void demoUsersLogInOnlyWhileNoUserIsConfigured() throws Exception {
        DefaultListableBeanFactory demo = new DefaultListableBeanFactory();
        demo.registerSingleton("demoUsers", new DemoUsers(List.of(new SecurityProperties.User("demo", HASH, List.of("ADMIN")))));
        SecurityProperties configured = new SecurityProperties(null, List.of(new SecurityProperties.User("ana", HASH, List.of("VIEWER"))),
                null, null, null, null);

        var onlyDemo = SecurityConfiguration.localUsers(NOTHING_CONFIGURED, demo.getBeanProvider(DemoUsers.class));
        var onlyConfigured = SecurityConfiguration.localUsers(configured, demo.getBeanProvider(DemoUsers.class));

        assertThat(onlyDemo).singleElement().satisfies(u -> {
            assertThat(u.getUsername()).isEqualTo("demo");
            assertThat(u.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        });
        assertThat(onlyConfigured).extracting(u -> u.getUsername()).containsExactly("ana");
    }
}

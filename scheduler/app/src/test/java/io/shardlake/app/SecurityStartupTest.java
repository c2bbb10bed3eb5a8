package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The service never starts open: with the demo off it needs configured users (or OIDC), and bad ones stop it. */
class SecurityStartupTest {

    /** Starts the service with the demo off (as arguments, which win over application.yml). */
    private static void start(String database, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--shardlake.demo.enabled=false",
                "--shardlake.definitions=target/no-definitions", "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(extra));
        new SpringApplicationBuilder(ShardlakeApplication.class).web(WebApplicationType.SERVLET).run(args.toArray(String[]::new)).close();
    }

    private static Throwable root(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void withTheDemoOffAndNoUserTheServiceRefusesToStart() {
        assertThatThrownBy(() -> start("no_users"))
                .satisfies(e -> assertThat(root(e).getMessage()).startsWith("No user can log in: configure shardlake.security.users[*]"));
    }

    @Test
    void aPlainPasswordStopsTheServiceNamingTheKeyButNotThePassword() {
        assertThatThrownBy(() -> start("plain_password", "--shardlake.security.users[0].name=ana",
                "--shardlake.security.users[0].password=plain-Secret-42", "--shardlake.security.users[0].roles=ADMIN"))
                .satisfies(e -> assertThat(root(e).getMessage())
                        .startsWith("shardlake.security.users[0].password (user 'ana'): is not a recognised password hash")
                        .doesNotContain("plain-Secret-42"));
    }
}

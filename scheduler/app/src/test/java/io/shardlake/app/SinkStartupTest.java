package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Sink settings that cannot work stop the service at start, naming the key, instead of failing every run later. */
class SinkStartupTest {

    private static void start(String database, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--shardlake.demo.enabled=false",
                "--shardlake.definitions=target/no-definitions", "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                "--spring.main.banner-mode=off"));
        TestLogins.ADMIN_PROPERTIES.forEach(p -> args.add("--" + p));
        args.addAll(List.of(extra));
        new SpringApplicationBuilder(ShardlakeApplication.class).web(WebApplicationType.SERVLET).run(args.toArray(String[]::new)).close();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Test
    void athenaOverALocalLakeIsRefused() {
        assertThatThrownBy(() -> start("athena_local", "--shardlake.athena.enabled=true", "--shardlake.athena.database=lake",
                "--shardlake.athena.region=eu-west-1"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("shardlake.athena.enabled=true needs the lake on S3"));
    }

    @Test
    void athenaWithoutADatabaseIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> start("athena_nodb", "--shardlake.athena.enabled=true", "--shardlake.athena.region=eu-west-1"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("shardlake.athena.database"));
    }

    @Test
    void anUnknownRedshiftModeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> start("redshift_mode", "--shardlake.redshift.jdbc-url=jdbc:redshift://cluster:5439/dev",
                "--shardlake.redshift.user=loader", "--shardlake.redshift.password=Secret-99", "--shardlake.redshift.mode=unload"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("shardlake.redshift.mode", "copy or batched-insert")
                        .doesNotContain("Secret-99"));
    }
}

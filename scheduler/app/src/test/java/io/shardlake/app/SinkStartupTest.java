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
        run(database, extra).close();
    }

    private static org.springframework.context.ConfigurableApplicationContext run(String database, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--shardlake.demo.enabled=false",
                "--shardlake.definitions=target/no-definitions", "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                "--spring.main.banner-mode=off"));
        TestLogins.ADMIN_PROPERTIES.forEach(p -> args.add("--" + p));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ShardlakeApplication.class).web(WebApplicationType.SERVLET).run(args.toArray(String[]::new));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Test
    void aConfiguredRedshiftLeavesTheMetadataDatabaseAlone() throws Exception {
        String url = io.shardlake.connectors.testing.PostgresServer.shared().jdbcUrl("postgres");
        try (var service = run("redshift_configured", "--shardlake.redshift.jdbc-url=" + url, "--shardlake.redshift.user=postgres",
                "--shardlake.redshift.mode=batched-insert")) {
            javax.sql.DataSource metadata = service.getBean(javax.sql.DataSource.class);
            try (java.sql.Connection c = metadata.getConnection()) {
                assertThat(c.getMetaData().getURL()).startsWith("jdbc:h2:mem:redshift_configured");
            }
        }
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
    void redshiftCopyFromALocalLakeIsRefused() {
        assertThatThrownBy(() -> start("redshift_copy_local", "--shardlake.redshift.jdbc-url=jdbc:redshift://cluster:5439/dev",
                "--shardlake.redshift.user=loader", "--shardlake.redshift.password=Secret-99",
                "--shardlake.redshift.iam-role-arn=arn:aws:iam::123456789012:role/shardlake-copy"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("shardlake.redshift.mode=copy", "shardlake.redshift.mode=batched-insert")
                        .doesNotContain("Secret-99"));
    }

    @Test
    void anUnknownRedshiftModeIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> start("redshift_mode", "--shardlake.redshift.jdbc-url=jdbc:redshift://cluster:5439/dev",
                "--shardlake.redshift.user=loader", "--shardlake.redshift.password=Secret-99", "--shardlake.redshift.mode=unload"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("shardlake.redshift.mode", "copy or batched-insert")
                        .doesNotContain("Secret-99"));
    }
}

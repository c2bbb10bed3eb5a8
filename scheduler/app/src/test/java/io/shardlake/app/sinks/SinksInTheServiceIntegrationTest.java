package io.shardlake.app.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardlake.app.TestLogins;
import io.shardlake.app.TestServices;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.FakeAthena;
import io.shardlake.connectors.testing.Jdbc;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.connectors.testing.PostgresServer;
import io.shardlake.connectors.testing.S3ProxyServer;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as configured in production, with its sinks: the lake on S3 (S3Proxy), the Athena
 * catalog (the AWS SDK against the local Athena endpoint) and the Redshift sink (the local
 * PostgreSQL, batched inserts). A pipeline that opts into Redshift gets its first load into all
 * three through the service's own configuration binding and wiring.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SinksInTheServiceIntegrationTest {

    private static final String SCHEMA = "redshift_app_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PREFIX = "lake";
    private static final int ROWS_PER_SHARD = 4;

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    @RegisterExtension
    static S3ProxyServer s3 = new S3ProxyServer();

    @TempDir
    static Path data;

    static FakeAthena athena;

    @Autowired
    RunRepository runs;

    @BeforeAll
    static void sourcesAndTargets() throws Exception {
        shards.executeOnAll("DROP TABLE IF EXISTS items");
        shards.executeOnAll("CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY items_cursor (updated_at, id))");
        for (String shard : shards.shardIds()) {
            for (int i = 1; i <= ROWS_PER_SHARD; i++) {
                shards.execute(shard, "INSERT INTO items VALUES (" + i + ", 'item " + i + "', UTC_TIMESTAMP(3) - INTERVAL " + (10 + i) + " SECOND)");
            }
        }
        try (Connection c = PostgresServer.shared().connect("postgres")) {
            Jdbc.execute(c, "CREATE SCHEMA " + SCHEMA);
        }
        Files.createDirectories(data.resolve("definitions"));
        Files.writeString(data.resolve("definitions/items.yaml"), """
                name: items
                schedule: "0 3 * * *"
                source:
                  connection: lab
                  table: items
                transform:
                  columns:
                    - {name: item_id, from: id, type: bigint}
                    - {name: name, type: string}
                    - {name: updated_at, type: timestamp}
                target:
                  redshift: true
                """);
    }

    @AfterAll
    static void dropTargets() throws Exception {
        if (athena != null) {
            athena.close();
        }
        try (Connection c = PostgresServer.shared().connect("postgres")) {
            Jdbc.execute(c, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @DynamicPropertySource
    static void productionLikeSettings(DynamicPropertyRegistry registry) throws Exception {
        athena = new FakeAthena();
        // The AWS default credentials chain reads these: S3Proxy checks them, the Athena endpoint does not.
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
        TestServices.onTestShards(registry, data, "lab", shards);
        TestLogins.ADMIN_PROPERTIES.forEach(p -> registry.add(p.substring(0, p.indexOf('=')), () -> p.substring(p.indexOf('=') + 1)));
        registry.add("shardlake.warehouse.type", () -> "s3");
        registry.add("shardlake.warehouse.s3.bucket", s3::bucket);
        registry.add("shardlake.warehouse.s3.prefix", () -> PREFIX);
        registry.add("shardlake.warehouse.s3.region", () -> "us-east-1");
        registry.add("shardlake.warehouse.s3.endpoint", () -> s3.endpoint().toString());
        registry.add("shardlake.warehouse.s3.path-style", () -> "true");
        registry.add("shardlake.athena.enabled", () -> "true");
        registry.add("shardlake.athena.region", () -> "us-east-1");
        registry.add("shardlake.athena.database", () -> "lake");
        registry.add("shardlake.athena.output-location", () -> "s3://results/athena/");
        registry.add("shardlake.athena.endpoint-override", () -> athena.endpoint().toString());
        registry.add("shardlake.athena.poll-interval", () -> "10ms");
        registry.add("shardlake.redshift.jdbc-url", () -> PostgresServer.shared().jdbcUrl("postgres"));
        registry.add("shardlake.redshift.user", () -> PostgresServer.shared().endpoint().user());
        registry.add("shardlake.redshift.password", () -> PostgresServer.shared().endpoint().password());
        registry.add("shardlake.redshift.schema", () -> SCHEMA);
        registry.add("shardlake.redshift.mode", () -> "batched-insert");
    }

    @Test
    void theFirstLoadLandsInTheLakeTheAthenaCatalogAndRedshift() throws Exception {
        RunRecord first = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> runs.recentRuns("items", 1).stream().filter(r -> r.state().isTerminal()).findFirst().orElse(null),
                        r -> r != null);

        assertThat(first.state()).as(first.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(first.totals().rowsWritten()).isEqualTo(2L * ROWS_PER_SHARD);
        assertThat(DuckDbLake.count(s3.bucketDirectory().resolve(PREFIX), "items")).isEqualTo(2L * ROWS_PER_SHARD);

        List<String> statements = athena.statements();
        assertThat(statements.get(0)).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.items (")
                .contains("LOCATION 's3://" + s3.bucket() + "/" + PREFIX + "/items/'");
        assertThat(statements).anySatisfy(s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"items_latest\""));
        assertThat(statements).last().asString().startsWith("ALTER TABLE lake.items ADD IF NOT EXISTS");
        assertThat(athena.requests("StartQueryExecution")).allSatisfy(r ->
                assertThat(r.body().toString()).contains("s3://results/athena/", "lake"));

        try (Connection c = PostgresServer.shared().connect("postgres")) {
            assertThat(Jdbc.queryString(c, "SELECT count(*) FROM " + SCHEMA + ".items")).isEqualTo(String.valueOf(2 * ROWS_PER_SHARD));
            assertThat(Jdbc.queryStrings(c, "SELECT DISTINCT _shard FROM " + SCHEMA + ".items ORDER BY 1")).containsExactly("shard01", "shard02");
        }
    }
}

package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.connectors.testing.S3ProxyServer;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The whole data path into an S3-compatible server (S3Proxy, in-process), read back with DuckDB. */
class PipelineRunnerS3IntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    @RegisterExtension
    static S3ProxyServer s3 = new S3ProxyServer();

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void aRunPublishesDatePartitionedParquetToS3UnderThePrefixAndRerunsAddNothing() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
        shards.execute("shard01", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES"
                + " (1, 'new', 9.99, 'Zoë', '{\"customer\":{\"tier\":\"gold\"},\"items\":[1]}', UTC_TIMESTAMP(3) - INTERVAL 1 DAY),"
                + " (2, 'paid', 19.99, NULL, NULL, UTC_TIMESTAMP(3) - INTERVAL 60 SECOND)");
        shards.execute("shard02", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES"
                + " (1, 'new', 5.00, '東京', '{\"customer\":{\"tier\":\"silver\"},\"items\":[]}', UTC_TIMESTAMP(3) - INTERVAL 60 SECOND)");
        S3ObjectStore store = S3ObjectStore.create(new S3Settings(s3.bucket(), "lake/v1", "us-east-1", s3.endpoint(), true, 0),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
        javax.sql.DataSource metadata = MetadataDatabases.h2("s3runner");
        RunRepository runs = new JdbcRunRepository(metadata);
        List<Shard> list = shards.shardIds().stream().map(id -> new Shard(id, shards.jdbcUrl(id))).toList();
        SourceConnections sources = new SourceConnections(List.of(
                new SourceConnection("shop", list, ZoneOffset.UTC, shards.user(), shards.password(), 2, null)));
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve("work"), 2);

        try (RunNow runner = new RunNow(new PipelineRunner(sources, runs, store, settings, Clock.systemUTC()),
                new io.shardlake.engine.metadata.JdbcRunQueue(metadata), runs, Clock.systemUTC())) {
            RunRecord first = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();
            RunRecord second = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();

            assertThat(first.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(second.totals().rowsWritten()).isZero();
        }
        assertThat(store.list("orders/")).allSatisfy(key -> assertThat(key).matches("orders/dt=\\d{4}-\\d{2}-\\d{2}/.+\\.parquet"));
        List<java.util.Map<String, Object>> rows = DuckDbLake.readTable(s3.bucketDirectory().resolve("lake/v1"), "orders", "_shard, order_id");
        assertThat(rows).extracting(r -> r.get("_shard") + "/" + r.get("order_id") + "/" + r.get("customer_tier") + "/" + r.get("note"))
                .containsExactly("shard01/1/gold/Zoë", "shard01/2/null/null", "shard02/1/silver/東京");
        assertThat(store.uri("orders/x")).isEqualTo("s3://" + s3.bucket() + "/lake/v1/orders/x");
    }
}

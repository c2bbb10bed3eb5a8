package io.shardlake.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaQueries;
import io.shardlake.connectors.athena.AthenaSettings;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.Sleeper;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.connectors.testing.FakeAthena;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelinePlan;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The Athena sink's own rules, against the local Athena endpoint. */
class AthenaSinkTest {

    private FakeAthena athena;
    private AthenaQueries queries;
    private final SinkTable orders = SinkTable.of(PipelinePlan.of(OrdersPipeline.definition("shop", 0.01)));
    private final S3Settings lake = S3Settings.of("acme-lake", "etl", "eu-west-1");

    @BeforeEach
    void start() throws Exception {
        athena = new FakeAthena();
    }

    @AfterEach
    void stop() {
        if (queries != null) {
            queries.close();
        }
        athena.close();
    }

    private AthenaSink sink(PartitionRegistration partitions) {
        queries = AthenaQueries.create(new AthenaSettings("eu-west-1", "etl", null, "lake", null, athena.endpoint(), Duration.ofMillis(1),
                Duration.ofSeconds(10), partitions), StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")),
                Clock.systemUTC(), Sleeper.THREAD);
        return new AthenaSink(new AthenaCatalog(queries), partitions, lake, Clock.systemUTC());
    }

    @Test
    void underProjectionABackfillIsRefusedBeforeItWritesNamingTheSetting() {
        AthenaSink sink = sink(PartitionRegistration.PROJECTION);

        sink.check(orders, false);
        assertThatThrownBy(() -> sink.check(orders, true)).isInstanceOf(SinkRefusedException.class)
                .hasMessageStartingWith("athena: ").hasMessageContaining("shardlake.athena.partitions=catalog");
    }

    @Test
    void aReplacedPartitionOfABackfillIsPointedAtItsGenerationAndNotAddedAsANewFolder() throws Exception {
        AthenaSink sink = sink(PartitionRegistration.CATALOG);
        CommittedRun chunk = new CommittedRun("run-7", "orders", true, List.of(), List.of("dt=2026-11-05"),
                Map.of("dt=2026-11-05", "orders/_generations/dt=2026-11-05/run-7/"));

        sink.deliver(orders, chunk);

        assertThat(athena.statements()).filteredOn(s -> s.startsWith("ALTER TABLE")).containsExactly("""
                ALTER TABLE lake.orders ADD IF NOT EXISTS
                  PARTITION (dt = '2026-11-05') LOCATION 's3://acme-lake/etl/orders/dt=2026-11-05/'""",
                "ALTER TABLE lake.orders PARTITION (dt = '2026-11-05') SET LOCATION "
                        + "'s3://acme-lake/etl/orders/_generations/dt=2026-11-05/run-7/'");
        assertThat(orders.primaryKey()).containsExactly("_shard", "order_id");
    }
}

package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.SourceTimeouts;
import io.shardlake.connectors.testing.FreezableProxy;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.schedule.DataInterval;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that stops answering in the middle of a run: a cancel (or the run timeout) ends the
 * run's shard task at once, cutting the read in flight, instead of when the socket times out
 * (here five minutes). Nothing is committed and the watermark stays.
 */
class FrozenReplicaIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    @TempDir
    Path tmp;

    @BeforeAll
    static void rows() throws Exception {
        shards.execute("shard01", OrdersPipeline.DDL);
        String payload = "{\"customer\":{\"tier\":\"gold\"},\"items\":[1,2,3],\"pad\":\"" + "x".repeat(400) + "\"}";
        for (int batch = 0; batch < 20; batch++) {
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 1000; i++) {
                int id = batch * 1000 + i;
                values.append(i == 1 ? "" : ",").append("(").append(id).append(", 'new', 1.00, NULL, '").append(payload)
                        .append("', UTC_TIMESTAMP(3) - INTERVAL ").append(id).append(" SECOND)");
            }
            shards.execute("shard01", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES " + values);
        }
    }

    @Test
    @Timeout(60)
    void aCancelEndsAShardTaskBlockedOnAFrozenReplicaAtOnce() throws Exception {
        URI server = URI.create(shards.jdbcUrl("shard01").substring("jdbc:".length()));
        try (FreezableProxy proxy = new FreezableProxy(server.getHost(), server.getPort())) {
            SourceConnection source = new SourceConnection("shop", List.of(new Shard("shard01", proxy.route(shards.jdbcUrl("shard01")))),
                    ZoneOffset.UTC, shards.user(), shards.password(), 2, null,
                    new SourceTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(10)));
            DataSource metadata = MetadataDatabases.h2("frozen_replica");
            JdbcRunRepository runs = new JdbcRunRepository(metadata);
            JdbcRunQueue queue = new JdbcRunQueue(metadata);
            EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 100_000, 100, 1, tmp.resolve("work"), 1);
            PipelineDefinition orders = OrdersPipeline.definition("shop", 0.01);
            try (PipelineRunner runner = new PipelineRunner(new SourceConnections(List.of(source)), runs,
                    new LocalObjectStore(tmp.resolve("lake")), settings, Clock.systemUTC())) {
                // The replica stops answering as the read's first page query is sent.
                runner.wrapShardDataSources(ds -> PageQueryHook.beforePage(ds, 1, proxy::freeze));
                RunRecord run = claimed(queue, orders);
                RunControl control = RunControl.none();
                CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> runner.execute(run, orders, control));
                Thread.sleep(1_500); // the read is now waiting for bytes that never come
                assertThat(result).as("blocked on the frozen replica").isNotDone();
                long start = System.nanoTime();

                control.stop(RunState.CANCELLED, "cancelled by an operator");

                RunResult ended = result.get(20, TimeUnit.SECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(ended.state()).isNotEqualTo(RunState.SUCCEEDED);
                assertThat(runs.shardRuns(run.id())).singleElement().satisfies(task -> {
                    assertThat(task.state()).isEqualTo(ShardRunState.FAILED);
                    assertThat(task.error()).contains("cancelled by an operator");
                });
                assertThat(runs.watermark("orders", "shard01")).isEmpty();
            }
        }
    }

    private static RunRecord claimed(RunQueue queue, PipelineDefinition definition) {
        Instant now = Instant.now();
        RunRecord queued = RunRecord.queued(UUID.randomUUID().toString(), definition.name(), "test:" + UUID.randomUUID(),
                TriggerKind.MANUAL, definition.version(), new DataInterval(now.minusSeconds(900), now), now, null, List.of());
        queue.enqueue(queued);
        return queue.claim(queued.id(), new RunQueue.ClaimLimits(8, 8), "test-node", now, now.plusSeconds(600)).orElseThrow();
    }
}

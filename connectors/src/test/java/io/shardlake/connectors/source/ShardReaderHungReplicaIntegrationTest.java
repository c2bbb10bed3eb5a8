package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.testing.FreezableProxy;
import io.shardlake.connectors.testing.MySqlShards;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica that accepts the connection and then stops answering (frozen server, half-open TCP,
 * partition), through a proxy frozen in the middle of a read: the read fails after the read
 * timeout, or at once when it is aborted, instead of holding its thread for as long as it lasts.
 */
class ShardReaderHungReplicaIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final ExtractQuery QUERY = new ExtractQuery("events", List.of("id", "body"), "updated_at", List.of("id"));
    private static final ExtractWindow ALL = new ExtractWindow(null, LocalDateTime.parse("2030-01-01T00:00"));

    private FreezableProxy proxy;
    private ShardDataSources pools;

    @BeforeAll
    static void table() throws Exception {
        shards.execute("shard01", "CREATE TABLE events (id BIGINT PRIMARY KEY, body VARCHAR(500) NOT NULL, updated_at DATETIME(3) NOT NULL,"
                + " KEY events_cursor (updated_at, id))");
        // ~10 MB: far more than the sockets' buffers hold, so a frozen read has to wait for the network.
        for (int batch = 0; batch < 20; batch++) {
            StringBuilder rows = new StringBuilder();
            for (int i = 1; i <= 1000; i++) {
                int id = batch * 1000 + i;
                rows.append(i == 1 ? "" : ",").append("(").append(id).append(", REPEAT('x', 500), '2026-01-01' + INTERVAL ").append(id)
                        .append(" SECOND)");
            }
            shards.execute("shard01", "INSERT INTO events (id, body, updated_at) VALUES " + rows);
        }
    }

    @AfterEach
    void close() throws Exception {
        pools.close();
        proxy.close();
    }

    private ShardReader readerThroughProxy(Duration readTimeout) throws Exception {
        URI server = URI.create(shards.jdbcUrl("shard01").substring("jdbc:".length()));
        proxy = new FreezableProxy(server.getHost(), server.getPort());
        pools = new ShardDataSources(shards.user(), shards.password(), 1, new SourceTimeouts(Duration.ofSeconds(5), readTimeout,
                Duration.ofMinutes(10)));
        Shard shard = new Shard("shard01", proxy.route(shards.jdbcUrl("shard01")));
        return new ShardReader(shard, pools.forShard(shard), new MySqlDialect(), ZoneOffset.UTC, null);
    }

    @Test
    @Timeout(60) // without a read timeout the read would wait for as long as the replica is frozen
    void aReplicaThatStopsAnsweringMidReadFailsTheReadAfterTheReadTimeout() throws Exception {
        ShardReader reader = readerThroughProxy(Duration.ofSeconds(1));
        long[] rows = {0};
        long start = System.nanoTime();

        assertThatThrownBy(() -> reader.read(QUERY, ALL, AccessPath.PRIMARY_KEY, 100_000, (values, cursor) -> {
            if (++rows[0] == 10) {
                proxy.freeze();
            }
        })).isInstanceOf(SQLException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a 1 s read timeout, not a hang").isLessThan(Duration.ofSeconds(15));
        assertThat(rows[0]).isBetween(10L, 19_999L);
    }

    @Test
    @Timeout(60)
    void anAbortEndsAReadBlockedOnAFrozenReplicaAtOnce() throws Exception {
        ShardReader reader = readerThroughProxy(Duration.ofMinutes(5));
        CompletableFuture<Void> frozen = new CompletableFuture<>();
        CompletableFuture<ReadCost> read = CompletableFuture.supplyAsync(() -> {
            try {
                long[] rows = {0};
                return reader.read(QUERY, ALL, AccessPath.PRIMARY_KEY, 100_000, (values, cursor) -> {
                    if (++rows[0] == 10) {
                        proxy.freeze();
                        frozen.complete(null);
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        frozen.get(30, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat(read).as("blocked on the frozen replica").isNotDone();
        long start = System.nanoTime();

        reader.abort();

        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> reader.read(QUERY, ALL, AccessPath.PRIMARY_KEY, 100, (v, c) -> { }))
                .as("an aborted reader reads no more").isInstanceOf(SQLException.class).hasMessageContaining("aborted");
    }
}

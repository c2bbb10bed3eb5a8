package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.alert.AlertKind;
import io.shardlake.engine.alert.IncidentStore;
import io.shardlake.engine.alert.IncidentStore.Incident;
import io.shardlake.engine.run.MetadataDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for alert incidents (V5's {@code alert_incident}); one
 * subclass per database runs it on the production migrations.
 */
abstract class IncidentStoreContract {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private DataSource ds;
    private IncidentStore store;
    private String pipeline;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        store = new JdbcIncidentStore(ds);
        pipeline = "p_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Incident incident(AlertKind kind, String runId, String node) {
        return new Incident(pipeline, kind, runId, "shard01: boom", AT, node);
    }

    @Test
    void anIncidentOpensOnceUntilItIsClosedAndThenOpensAgain() {
        assertThat(store.open(incident(AlertKind.RUN_FAILED, "run-1", "node-a"))).isTrue();
        assertThat(store.open(incident(AlertKind.RUN_FAILED, "run-2", "node-b"))).as("already open").isFalse();
        assertThat(store.open(incident(AlertKind.FRESHNESS_BREACH, null, "node-b"))).as("another kind is another incident").isTrue();
        assertThat(store.openIncidents()).filteredOn(i -> i.pipeline().equals(pipeline))
                .containsExactlyInAnyOrder(incident(AlertKind.RUN_FAILED, "run-1", "node-a"), incident(AlertKind.FRESHNESS_BREACH, null, "node-b"));

        assertThat(store.close(pipeline, AlertKind.RUN_FAILED)).isTrue();
        assertThat(store.close(pipeline, AlertKind.RUN_FAILED)).as("nothing open any more").isFalse();
        assertThat(store.open(incident(AlertKind.RUN_FAILED, "run-3", "node-b"))).isTrue();
    }

    @Test
    void ofNodesOpeningTheSameIncidentAtOnceExactlyOneWins() throws Exception {
        int nodes = 6;
        CyclicBarrier start = new CyclicBarrier(nodes);
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Boolean>> opened = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                IncidentStore node = new JdbcIncidentStore(ds);
                String name = "node-" + n;
                opened.add(threads.submit(() -> {
                    start.await();
                    return node.open(incident(AlertKind.FRESHNESS_BREACH, null, name));
                }));
            }
            int winners = 0;
            for (Future<Boolean> f : opened) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(store.openIncidents()).filteredOn(i -> i.pipeline().equals(pipeline)).hasSize(1);
    }

    @Test
    void aLongReasonInAnyScriptIsKeptClipped() {
        String reason = "shard01: ошибка ✓ 🚨 ".repeat(400);

        store.open(new Incident(pipeline, AlertKind.RUN_FAILED, "run-1", reason, AT, "node-a"));

        Incident stored = store.openIncidents().stream().filter(i -> i.pipeline().equals(pipeline)).findFirst().orElseThrow();
        assertThat(stored.reason()).hasSize(4000).startsWith("shard01: ошибка ✓ 🚨 ").endsWith("...");
    }
}

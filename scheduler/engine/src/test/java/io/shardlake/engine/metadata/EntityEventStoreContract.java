package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.EntityEvent;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for entity events (V13's {@code entity_event}): store them,
 * let one run claim a pipeline's waiting events as it is queued, and settle them by how the run
 * ended. One subclass per database runs it on the production migrations; each test has a pipeline
 * of its own.
 */
abstract class EntityEventStoreContract {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private JdbcEntityEvents events;
    private JdbcRunQueue queue;
    private String pipeline;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        DataSource ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        events = new JdbcEntityEvents(ds);
        queue = new JdbcRunQueue(ds);
        pipeline = "p_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRunClaimsEveryWaitingEventOfItsPipelineWithTheirKeysAndShards() {
        events.add(List.of(event("shard02", List.of(7L, "a b"), EntityEvent.Op.DELETE, AT), event("shard01", List.of(8L, "c"),
                EntityEvent.Op.UPSERT, null)), AT);

        assertThat(events.waiting()).filteredOn(w -> w.pipeline().equals(pipeline)).singleElement()
                .satisfies(w -> assertThat(w.events()).isEqualTo(2));
        RunRecord run = claim();

        assertThat(run.shardSubset()).containsExactly("shard01", "shard02");
        assertThat(events.waiting()).noneMatch(w -> w.pipeline().equals(pipeline));
        assertThat(events.claimed(run.id())).containsOnlyKeys("shard01", "shard02").satisfies(byShard -> {
            assertThat(byShard.get("shard02")).singleElement().isEqualTo(event("shard02", List.of(7L, "a b"), EntityEvent.Op.DELETE, AT));
            assertThat(byShard.get("shard01")).singleElement().isEqualTo(event("shard01", List.of(8L, "c"), EntityEvent.Op.UPSERT, null));
        });
        assertThat(claim()).as("nothing left to claim").isNull();
    }

    @Test
    void aSucceededRunsEventsAreDeletedAndAFailedRunsHandedBack() {
        events.add(List.of(event("shard01", List.of(1L), EntityEvent.Op.UPSERT, null)), AT);
        RunRecord succeeded = claim();
        events.add(List.of(event("shard01", List.of(2L), EntityEvent.Op.UPSERT, null)), AT);
        RunRecord failed = claim();

        end(succeeded, RunState.SUCCEEDED);
        end(failed, RunState.FAILED);
        int handedBack = events.settle();

        assertThat(handedBack).isEqualTo(1);
        assertThat(events.claimed(succeeded.id())).isEmpty();
        assertThat(events.waiting()).filteredOn(w -> w.pipeline().equals(pipeline)).singleElement()
                .satisfies(w -> assertThat(w.events()).isEqualTo(1));
        RunRecord again = claim();
        assertThat(events.claimed(again.id()).get("shard01")).extracting(e -> e.key().get(0)).containsExactly(2L);
    }

    private RunRecord claim() {
        String id = UUID.randomUUID().toString();
        return events.claimAndQueue(pipeline, id, shards -> RunRecord.queued(id, pipeline, "event:" + id, TriggerKind.EVENT, "v1",
                new DataInterval(AT, AT.plusSeconds(1)), AT, null, shards), queue);
    }

    private void end(RunRecord run, RunState state) {
        RunRecord claimed = queue.claim(run.id(), new RunQueue.ClaimLimits(8, 8), "node", AT, AT.plusSeconds(60)).orElseThrow();
        queue.finish(claimed, state, ShardCounts.NONE, null, AT.plusSeconds(2));
    }

    private EntityEvent event(String shard, List<Object> key, EntityEvent.Op op, Instant updatedAt) {
        return new EntityEvent(pipeline, shard, key, op, updatedAt);
    }
}

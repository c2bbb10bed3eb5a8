package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.lake.KeyDelta;
import io.shardlake.engine.lake.KeyIndexStore;
import io.shardlake.engine.lake.LiveKeys;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReconciliation;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.run.Watermark;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for reconciliation (V14): keep the key delta a task commits
 * in its commit transaction, create a shard's index at its first load, fold deltas into the index
 * by compare-and-set, and keep each shard's findings. One subclass per database, on the production
 * migrations; each test has a pipeline of its own.
 */
abstract class KeyIndexStoreContract {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private JdbcRunRepository runs;
    private JdbcRunQueue queue;
    private JdbcKeyIndexStore index;
    private JdbcReconciliations findings;
    private String pipeline;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        DataSource ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        runs = new JdbcRunRepository(ds);
        queue = new JdbcRunQueue(ds);
        index = new JdbcKeyIndexStore(ds);
        findings = new JdbcReconciliations(ds);
        pipeline = "p_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aFirstLoadCommitsItsKeysAndCreatesTheShardsEmptyIndexInOneTransaction() {
        assertThat(index.folded(pipeline, "shard01")).isEmpty();

        commit(null, 1, 2, 3);

        assertThat(index.folded(pipeline, "shard01")).hasValueSatisfying(f -> {
            assertThat(f.keys()).isZero();
            assertThat(f.parts()).isEmpty();
        });
        assertThat(keys(index.deltas(pipeline, "shard01"))).containsExactly(1L, 2L, 3L);
        assertThat(index.folded(pipeline, "shard02")).as("another shard").isEmpty();
    }

    @Test
    void aFoldReplacesTheIndexAndDeletesTheDeltasItFoldedOnceAndAStaleFoldChangesNothing() {
        Watermark first = commit(null, 1, 2, 3);
        commit(first, 4);
        KeyIndexStore.Folded before = index.folded(pipeline, "shard01").orElseThrow();
        List<KeyIndexStore.Delta> deltas = index.deltas(pipeline, "shard01");
        assertThat(deltas).hasSize(2);
        LiveKeys live = LiveKeys.of(1, 2, 3, 4);

        assertThat(index.replace(pipeline, "shard01", before.generation(), live.encode(), live.size(),
                deltas.stream().map(KeyIndexStore.Delta::id).toList(), AT)).isTrue();

        KeyIndexStore.Folded after = index.folded(pipeline, "shard01").orElseThrow();
        assertThat(after.keys()).isEqualTo(4);
        assertThat(toList(LiveKeys.decode(after.parts()))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(index.deltas(pipeline, "shard01")).isEmpty();
        assertThat(index.replace(pipeline, "shard01", before.generation(), LiveKeys.empty().encode(), 0, List.of(), AT))
                .as("a fold of the generation already replaced").isFalse();
        assertThat(index.folded(pipeline, "shard01").orElseThrow().generation()).isEqualTo(after.generation());
    }

    @Test
    void findingsAreKeptPerRunAndShardAndARetriedShardReplacesItsOwn() {
        findings.record(finding("r1", "shard01", 3, AT));
        findings.record(finding("r1", "shard02", 0, AT));
        findings.record(finding("r1", "shard01", 5, AT.plusSeconds(1)));

        assertThat(findings.ofRun("r1" + pipeline)).extracting(ShardReconciliation::shard, ShardReconciliation::deletedKeys)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shard01", 5L), org.assertj.core.groups.Tuple.tuple("shard02", 0L));
        assertThat(findings.recent(pipeline, 1)).singleElement().satisfies(f -> assertThat(f.deletedKeys()).isEqualTo(5));
    }

    private ShardReconciliation finding(String run, String shard, long deleted, Instant at) {
        return new ShardReconciliation(run + pipeline, shard, pipeline, 100, 100 + deleted, 10, deleted > 0 ? 1 : 0, 250, deleted, 0,
                "1, 2", at);
    }

    /** Claims a run, records its shard01 task and commits it with {@code keys} as its delta. */
    private Watermark commit(Watermark expected, long... keys) {
        RunRecord run = queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), pipeline, "k:" + UUID.randomUUID(),
                TriggerKind.MANUAL, "v1", new DataInterval(AT.minusSeconds(900), AT), AT, null, List.of())).run();
        RunRecord claimed = queue.claim(run.id(), new RunQueue.ClaimLimits(8, 8), "node-a", AT, AT.plusSeconds(30)).orElseThrow();
        ShardTaskRef task = new ShardTaskRef(claimed.id(), "shard01", 1, claimed.attempt());
        runs.startShardRun(task, pipeline, null, AT);
        KeyDelta.Builder delta = new KeyDelta.Builder();
        for (long k : keys) {
            delta.add(k, false);
        }
        Watermark next = new Watermark(LocalDateTime.of(2026, 12, 7, 10, 0).plusSeconds(keys[0]), TailDigest.empty());
        runs.commitShard(task, pipeline, ShardCounts.NONE, expected, next, AT, delta.written(runs.nextRunSequence()), AT);
        queue.finish(claimed, io.shardlake.engine.run.RunState.SUCCEEDED, ShardCounts.NONE, null, AT);
        return next;
    }

    private static List<Long> keys(List<KeyIndexStore.Delta> deltas) {
        List<Long> out = new ArrayList<>();
        deltas.forEach(d -> KeyDelta.decode(d.data(), (k, t) -> out.add(k)));
        return out;
    }

    private static List<Long> toList(LiveKeys keys) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(keys.get(i));
        }
        return out;
    }
}

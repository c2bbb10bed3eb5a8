package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildConflictException;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.engine.rebuild.TableVersion;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TaskScope;
import io.shardlake.engine.run.TriggerKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every metadata database must do for rebuilds (V17): record a rebuild with its table
 * versions and shard runs at once; refuse a version number taken by another rebuild; queue the
 * switch run once; and make a version live in one transaction that swaps the versions' watermark
 * streams, idempotently, and back again for a rollback. One subclass per database, on the
 * production migrations; each test has a pipeline of its own.
 */
abstract class RebuildStoreContract {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private JdbcRebuildStore store;
    private JdbcTemplate jdbc;
    private String pipeline;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        DataSource ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        store = new JdbcRebuildStore(ds);
        jdbc = new JdbcTemplate(ds);
        pipeline = "p_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRebuildIsRecordedWithItsVersionsAndShardRunsAndItsVersionNumberOnlyOnce() {
        Rebuild r = started(2);

        assertThat(store.byId(r.id())).hasValueSatisfying(x -> {
            assertThat(x.state()).isEqualTo(RebuildState.ACTIVE);
            assertThat(x.shards()).containsExactly("s1", "s2");
        });
        assertThat(store.unfinished(pipeline)).extracting(Rebuild::id).containsExactly(r.id());
        assertThat(store.versions(pipeline)).extracting(TableVersion::version, TableVersion::state)
                .containsExactly(tuple(1, TableVersion.State.LIVE), tuple(2, TableVersion.State.BUILDING));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM pipeline_run WHERE backfill_id = ?", Integer.class, r.id())).isEqualTo(2);
        Rebuild twin = rebuild(2);
        assertThatThrownBy(() -> store.create(twin, List.of(version(2, TableVersion.State.BUILDING, twin.id())), List.of()))
                .isInstanceOf(RebuildConflictException.class);
        assertThat(store.byId(twin.id())).isEmpty();
    }

    @Test
    void theSwitchRunIsQueuedOnceAndOnlyForAnActiveRebuild() {
        Rebuild r = started(2);

        assertThat(store.startSwitch(r.id(), switchRun(r), AT)).isTrue();
        assertThat(store.startSwitch(r.id(), switchRun(r), AT)).isFalse();
        assertThat(store.byId(r.id()).orElseThrow().state()).isEqualTo(RebuildState.SWITCHING);
        assertThat(store.changeState(r.id(), Set.of(RebuildState.ACTIVE), RebuildState.PAUSED, "x", AT)).isFalse();
    }

    @Test
    void aFailedSwitchIsRetriedOncePerAttemptAndOnlyWhileSwitching() {
        Rebuild r = started(2);
        RunRecord second = RunRecord.queued(UUID.randomUUID().toString(), pipeline, Rebuild.switchRunKey(r.id(), 2),
                TriggerKind.REBUILD_SWITCH, "v2", null, AT.plusSeconds(30), r.id(), List.of());
        assertThat(store.retrySwitch(r.id(), second, "attempt 1 failed", AT)).as("not switching yet").isFalse();
        store.startSwitch(r.id(), switchRun(r), AT);

        assertThat(store.retrySwitch(r.id(), second, "attempt 1 failed", AT)).isTrue();
        RunRecord again = RunRecord.queued(UUID.randomUUID().toString(), pipeline, Rebuild.switchRunKey(r.id(), 2),
                TriggerKind.REBUILD_SWITCH, "v2", null, AT.plusSeconds(30), r.id(), List.of());
        assertThat(store.retrySwitch(r.id(), again, "attempt 1 failed, seen twice", AT)).as("that attempt is queued").isFalse();

        assertThat(store.byId(r.id()).orElseThrow()).satisfies(x -> {
            assertThat(x.state()).isEqualTo(RebuildState.SWITCHING);
            assertThat(x.reason()).isEqualTo("attempt 1 failed");
        });
        assertThat(jdbc.queryForList("SELECT run_key FROM pipeline_run WHERE backfill_id = ? AND trigger_kind = ?", String.class, r.id(),
                TriggerKind.REBUILD_SWITCH.name())).containsExactlyInAnyOrder(Rebuild.switchRunKey(r.id()), Rebuild.switchRunKey(r.id(), 2));
    }

    @Test
    void makingAVersionLiveSwapsTheStreamsOnceAndARollbackSwapsThemBack() {
        Rebuild r = started(2);
        store.startSwitch(r.id(), switchRun(r), AT);
        watermark(pipeline, "s1", "2026-12-07 09:00:00.000000");
        watermark(TaskScope.Rebuild.streamOf(pipeline, 2), "s1", "2026-12-07 09:30:00.000000");

        store.makeLive(pipeline, 1, 2, r.id(), AT);
        store.makeLive(pipeline, 1, 2, r.id(), AT.plusSeconds(1)); // a switch run retried after the switch

        assertThat(cursor(pipeline)).isEqualTo("2026-12-07 09:30:00.000000");
        assertThat(cursor(TaskScope.Rebuild.streamOf(pipeline, 1))).isEqualTo("2026-12-07 09:00:00.000000");
        assertThat(cursor(TaskScope.Rebuild.streamOf(pipeline, 2))).isNull();
        assertThat(store.versions(pipeline)).extracting(TableVersion::version, TableVersion::state, TableVersion::liveSince)
                .containsExactly(tuple(1, TableVersion.State.RETIRED, AT), tuple(2, TableVersion.State.LIVE, AT));
        assertThat(store.byId(r.id()).orElseThrow().state()).isEqualTo(RebuildState.LIVE);
        assertThatThrownBy(() -> store.makeLive(pipeline, 1, 3, null, AT)).isInstanceOf(RebuildConflictException.class);

        store.makeLive(pipeline, 2, 1, null, AT.plusSeconds(60));

        assertThat(cursor(pipeline)).isEqualTo("2026-12-07 09:00:00.000000");
        assertThat(cursor(TaskScope.Rebuild.streamOf(pipeline, 2))).isEqualTo("2026-12-07 09:30:00.000000");
        assertThat(store.versions(pipeline)).extracting(TableVersion::version, TableVersion::state)
                .containsExactly(tuple(1, TableVersion.State.LIVE), tuple(2, TableVersion.State.RETIRED));
        assertThat(store.byId(r.id()).orElseThrow().state()).isEqualTo(RebuildState.ROLLED_BACK);
    }

    @Test
    void discardingAVersionForgetsItsStreamAndTheCheckpointsOfItsUnfinishedLoads() {
        started(2);
        String stream = TaskScope.Rebuild.streamOf(pipeline, 2);
        watermark(stream, "s1", "2026-12-07 09:30:00.000000");
        jdbc.update("INSERT INTO load_checkpoint (stream, shard, until_value, after_key, rows_read, rows_skipped, rows_written,"
                + " rows_quarantined, files, bytes, run_id, updated_at) VALUES (?, 's2', '2026-12-07 09:30:00.000000', '[7]', 1, 0, 1, 0, 1,"
                + " 10, 'r1', 0)", stream);

        store.discard(pipeline, 2, AT);

        assertThat(cursor(stream)).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM load_checkpoint WHERE stream = ?", Integer.class, stream)).isZero();
        assertThat(store.versions(pipeline)).extracting(TableVersion::version, TableVersion::state)
                .contains(tuple(2, TableVersion.State.DISCARDED));
    }

    @Test
    void theVersionThatLastWroteTheLiveTableIsTheNewestSuccessfulWriterSinceItWentLiveElseItsOwn() {
        JdbcWrittenVersions written = new JdbcWrittenVersions(jdbc.getDataSource());
        Set<TriggerKind> writers = Set.of(TriggerKind.SCHEDULED, TriggerKind.MANUAL);
        assertThat(written.lastWritten(pipeline, writers)).as("never written").isEmpty();

        ended(TriggerKind.MANUAL, "d1", RunState.SUCCEEDED, AT.minusSeconds(50));
        ended(TriggerKind.SCHEDULED, "d9", RunState.FAILED, AT.minusSeconds(40));
        ended(TriggerKind.REBUILD, "d8", RunState.SUCCEEDED, AT.minusSeconds(30));
        assertThat(written.lastWritten(pipeline, writers)).as("a table never rebuilt: its newest successful writer").hasValue("d1");

        started(2); // version 1 live since AT, built with d1
        jdbc.update("UPDATE table_version SET definition_version = 'd0' WHERE pipeline = ? AND version = 1", pipeline);
        assertThat(written.lastWritten(pipeline, writers)).as("no writer since it went live: its own definition").hasValue("d0");
        ended(TriggerKind.SCHEDULED, "d7", RunState.SUCCEEDED, AT); // in the switch's own millisecond: cannot be placed
        assertThat(written.lastWritten(pipeline, writers)).hasValue("d0");

        ended(TriggerKind.SCHEDULED, "d2", RunState.SUCCEEDED, AT.plusSeconds(10));
        ended(TriggerKind.SCHEDULED, "d3", RunState.FAILED, AT.plusSeconds(20));
        assertThat(written.lastWritten(pipeline, writers)).hasValue("d2");
    }

    private void ended(TriggerKind trigger, String definitionVersion, RunState state, Instant startedAt) {
        JdbcRunQueue queue = new JdbcRunQueue(jdbc.getDataSource());
        RunRecord run = queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), pipeline, "k:" + UUID.randomUUID(), trigger,
                definitionVersion, null, startedAt, null, List.of())).run();
        RunRecord claimed = queue.claim(run.id(), new io.shardlake.engine.run.RunQueue.ClaimLimits(100, 100), "node", startedAt,
                startedAt.plusSeconds(30)).orElseThrow();
        assertThat(queue.finish(claimed, state, io.shardlake.engine.run.ShardCounts.NONE, null, startedAt.plusSeconds(1))).isTrue();
    }

    private Rebuild started(int version) {
        Rebuild r = rebuild(version);
        List<RunRecord> runs = r.shards().stream().map(s -> RunRecord.queued(UUID.randomUUID().toString(), pipeline,
                Rebuild.shardRunKey(r.id(), s), TriggerKind.REBUILD, "d2", null, AT, r.id(), List.of(s))).toList();
        store.create(r, List.of(version(1, TableVersion.State.LIVE, null), version(version, TableVersion.State.BUILDING, r.id())), runs);
        return r;
    }

    private Rebuild rebuild(int version) {
        return new Rebuild(UUID.randomUUID().toString(), pipeline, version, 1, "d2", List.of("s1", "s2"), 2, null, RebuildState.ACTIVE, AT,
                AT, null);
    }

    private TableVersion version(int v, TableVersion.State state, String rebuildId) {
        return new TableVersion(pipeline, v, v == 1 ? "d1" : "d2", "orders", state, rebuildId, AT, state == TableVersion.State.LIVE ? AT : null,
                null);
    }

    private RunRecord switchRun(Rebuild r) {
        return RunRecord.queued(UUID.randomUUID().toString(), pipeline, Rebuild.switchRunKey(r.id()), TriggerKind.REBUILD_SWITCH, "d2",
                null, AT, r.id(), List.of());
    }

    private void watermark(String stream, String shard, String cursor) {
        jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, last_run_id, updated_at)"
                + " VALUES (?, ?, ?, 0, 'r0', 0)", stream, shard, cursor);
    }

    private String cursor(String stream) {
        List<String> cursors = jdbc.queryForList("SELECT cursor_value FROM shard_watermark WHERE pipeline = ?", String.class, stream);
        return cursors.isEmpty() ? null : cursors.get(0);
    }
}

package io.shardlake.engine.metadata;

import static io.shardlake.engine.metadata.RunRows.RUN;
import static io.shardlake.engine.metadata.RunRows.clip;
import static io.shardlake.engine.metadata.RunRows.millis;

import io.shardlake.engine.run.RunLane;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link RunQueue} on the metadata database; portable SQL only (H2, MariaDB/MySQL, PostgreSQL).
 * Claims lock the pipeline's {@code pipeline_state} row ({@code SELECT ... FOR UPDATE}), so the
 * limit checks and the move to RUNNING are one step for every node.
 */
public final class JdbcRunQueue implements RunQueue {

    private static final String SCHEDULED_KINDS = "('" + TriggerKind.SCHEDULED + "', '" + TriggerKind.CATCHUP + "', '"
            + TriggerKind.FIRST_RUN + "')";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    // Both kinds of row are never deleted or changed once written, so what this process saw
    // written need not be looked up again on every enqueue.
    private final Set<String> knownPipelineStates = ConcurrentHashMap.newKeySet();
    private final Set<String> storedVersions = ConcurrentHashMap.newKeySet();

    public JdbcRunQueue(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Enqueued enqueue(RunRecord run) {
        ensurePipelineState(run.pipeline(), run.queuedAt());
        try {
            RunRows.insert(jdbc, run);
            return new Enqueued(byId(run.id()).orElseThrow(), true);
        } catch (DataIntegrityViolationException e) {
            RunRecord existing = jdbc.query("SELECT * FROM pipeline_run WHERE pipeline = ? AND run_key = ?", RUN, run.pipeline(),
                    run.runKey()).stream().findFirst().orElseThrow(() -> e);
            return new Enqueued(existing, false);
        }
    }

    /** The row claims lock; created on first use, outside any transaction (a duplicate is fine). */
    private void ensurePipelineState(String pipeline, Instant at) {
        if (knownPipelineStates.contains(pipeline)) {
            return;
        }
        if (jdbc.queryForObject("SELECT COUNT(*) FROM pipeline_state WHERE pipeline = ?", Integer.class, pipeline) == 0) {
            try {
                jdbc.update("INSERT INTO pipeline_state (pipeline, paused, changed_at) VALUES (?, 0, ?)", pipeline, at.toEpochMilli());
            } catch (DataIntegrityViolationException e) {
                // another node created it meanwhile
            }
        }
        knownPipelineStates.add(pipeline);
    }

    /**
     * Each lane's oldest runs, incremental first: a long backfill queue never hides a scheduled run.
     * Runs queued in the same millisecond (a catch-up queues several intervals at once) come in
     * interval order, so a pipeline's intervals run oldest first.
     */
    @Override
    public List<RunRecord> queued(int limit) {
        List<RunRecord> out = new ArrayList<>();
        for (RunLane lane : List.of(RunLane.INCREMENTAL, RunLane.BACKFILL)) {
            out.addAll(jdbc.query("SELECT * FROM pipeline_run WHERE state = ? AND lane = ? ORDER BY queued_at, interval_start, id LIMIT ?", RUN,
                    RunState.QUEUED.name(), lane.name(), limit));
        }
        return out;
    }

    @Override
    public Optional<RunRecord> claim(String runId, ClaimLimits limits, String owner, Instant now, Instant leaseUntil) {
        RunRecord run = byId(runId).orElse(null);
        if (run == null || run.state() != RunState.QUEUED) {
            return Optional.empty();
        }
        // The lock comes first in the transaction: on MySQL (REPEATABLE READ) the snapshot of the
        // plain reads below starts after it, so they see every claim committed before ours.
        return tx.execute(status -> {
            List<Integer> paused = jdbc.queryForList("SELECT paused FROM pipeline_state WHERE pipeline = ? FOR UPDATE", Integer.class,
                    run.pipeline());
            if (!paused.isEmpty() && paused.get(0) != 0) {
                return Optional.<RunRecord>empty();
            }
            int[] active = new int[4]; // all, incremental, this backfill, compactions started
            // Running runs, and compactions started then handed back (a crash may have left a partition half switched).
            jdbc.query("SELECT lane, backfill_id, trigger_kind, state FROM pipeline_run WHERE pipeline = ? AND (state = ?"
                    + " OR (state = ? AND trigger_kind = ? AND attempt > 0 AND id <> ?))", rs -> {
                boolean running = RunState.RUNNING.name().equals(rs.getString(4));
                if (TriggerKind.COMPACTION.name().equals(rs.getString(3))) {
                    active[3]++;
                }
                if (!running) {
                    return;
                }
                active[0]++;
                if (RunLane.INCREMENTAL.name().equals(rs.getString(1))) {
                    active[1]++;
                } else if (run.backfillId() != null && run.backfillId().equals(rs.getString(2))) {
                    active[2]++;
                }
            }, run.pipeline(), RunState.RUNNING.name(), RunState.QUEUED.name(), TriggerKind.COMPACTION.name(), run.id());
            // One slot stays the incremental lane's: backfill chunks never hold all of max_active.
            int backfillSlots = Math.max(1, limits.maxActiveRuns() - 1);
            // A compaction and a backfill chunk of one pipeline never switch partitions at the same time (see CompactionRunner).
            // A rebuild's shard runs are bounded by the rebuild's own concurrency (and the host budgets), not by max_active.
            boolean allowed = run.lane() == RunLane.INCREMENTAL ? active[1] == 0 && active[3] == 0
                    : (run.trigger() == TriggerKind.REBUILD || active[0] - active[1] < backfillSlots)
                    && active[2] < limits.maxBackfillChunks() && active[3] == 0;
            if (!allowed) {
                return Optional.<RunRecord>empty();
            }
            int claimed = jdbc.update("UPDATE pipeline_run SET state = ?, attempt = attempt + 1, lease_owner = ?, lease_until = ?,"
                            + " started_at = COALESCE(started_at, ?) WHERE id = ? AND state = ?",
                    RunState.RUNNING.name(), owner, leaseUntil.toEpochMilli(), now.toEpochMilli(), runId, RunState.QUEUED.name());
            return claimed == 1 ? byId(runId) : Optional.<RunRecord>empty();
        });
    }

    @Override
    public Map<String, String> renewLeases(String owner, Collection<String> runIds, Instant leaseUntil) {
        Map<String, String> held = new LinkedHashMap<>();
        if (runIds.isEmpty()) {
            return held;
        }
        String in = String.join(", ", Collections.nCopies(runIds.size(), "?"));
        List<Object> args = new ArrayList<>(List.of(leaseUntil.toEpochMilli(), owner, RunState.RUNNING.name()));
        args.addAll(runIds);
        jdbc.update("UPDATE pipeline_run SET lease_until = ? WHERE lease_owner = ? AND state = ? AND id IN (" + in + ")", args.toArray());
        // The replica host slots the owner's reads hold (JdbcHostSlots) live exactly as long as its heartbeat.
        List<Object> slotArgs = new ArrayList<>(List.of(leaseUntil.toEpochMilli(), owner));
        slotArgs.addAll(runIds);
        jdbc.update("UPDATE host_slot SET lease_until = ? WHERE holder = ? AND run_id IN (" + in + ")", slotArgs.toArray());
        jdbc.query("SELECT id, cancel_reason FROM pipeline_run WHERE lease_owner = ? AND state = ? AND id IN (" + in + ")", rs -> {
            String reason = rs.getString(2);
            held.put(rs.getString(1), reason == null ? "" : reason);
        }, args.subList(1, args.size()).toArray());
        return held;
    }

    @Override
    public List<String> requeueExpired(Instant now) {
        List<String> expired = jdbc.queryForList("SELECT id FROM pipeline_run WHERE state = ? AND lease_until < ?", String.class,
                RunState.RUNNING.name(), now.toEpochMilli());
        return expired.stream().filter(id -> jdbc.update("UPDATE pipeline_run SET state = ?, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND state = ? AND lease_until < ?", RunState.QUEUED.name(), id, RunState.RUNNING.name(),
                now.toEpochMilli()) == 1).toList();
    }

    @Override
    public boolean finish(RunRecord run, RunState state, ShardCounts t, String error, Instant at) {
        RunState.RUNNING.checkMoveTo(state);
        if (state == RunState.QUEUED) {
            return jdbc.update("UPDATE pipeline_run SET state = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND attempt = ?"
                    + " AND state = ?", state.name(), run.id(), run.attempt(), RunState.RUNNING.name()) == 1;
        }
        return jdbc.update("UPDATE pipeline_run SET state = ?, finished_at = ?, rows_read = ?, rows_written = ?, rows_quarantined = ?,"
                        + " files = ?, bytes = ?, error = ?, lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = ? AND attempt = ? AND state = ?",
                state.name(), at.toEpochMilli(), t.rowsRead(), t.rowsWritten(), t.rowsQuarantined(), t.files(), t.bytes(), clip(error),
                run.id(), run.attempt(), RunState.RUNNING.name()) == 1;
    }

    @Override
    public boolean endQueued(String runId, RunState state, String reason, Instant at) {
        RunState.QUEUED.checkMoveTo(state);
        return jdbc.update("UPDATE pipeline_run SET state = ?, finished_at = ?, error = ? WHERE id = ? AND state = ?",
                state.name(), at.toEpochMilli(), clip(reason), runId, RunState.QUEUED.name()) == 1;
    }

    @Override
    public Optional<RunState> requestCancel(String runId, String reason, Instant at) {
        Optional<RunRecord> run = byId(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        if (run.get().state() == RunState.QUEUED && endQueued(runId, RunState.CANCELLED, reason, at)) {
            return Optional.of(RunState.CANCELLED);
        }
        jdbc.update("UPDATE pipeline_run SET cancel_reason = ? WHERE id = ? AND state = ? AND cancel_reason IS NULL",
                clip(reason, 1000), runId, RunState.RUNNING.name());
        return byId(runId).map(RunRecord::state);
    }

    @Override
    public void setPaused(String pipeline, boolean paused, String by, Instant at) {
        ensurePipelineState(pipeline, at);
        jdbc.update("UPDATE pipeline_state SET paused = ?, changed_at = ?, changed_by = ? WHERE pipeline = ?", paused ? 1 : 0,
                at.toEpochMilli(), clip(by, 128), pipeline);
    }

    @Override
    public Set<String> pausedPipelines() {
        return new HashSet<>(jdbc.queryForList("SELECT pipeline FROM pipeline_state WHERE paused <> 0", String.class));
    }

    @Override
    public boolean isPaused(String pipeline) {
        return !jdbc.queryForList("SELECT pipeline FROM pipeline_state WHERE pipeline = ? AND paused <> 0", String.class, pipeline)
                .isEmpty();
    }

    @Override
    public Optional<Instant> lastScheduledIntervalEnd(String pipeline) {
        Long end = jdbc.queryForObject("SELECT MAX(interval_end) FROM pipeline_run WHERE pipeline = ? AND trigger_kind IN "
                + SCHEDULED_KINDS, Long.class, pipeline);
        return Optional.ofNullable(end).map(Instant::ofEpochMilli);
    }

    @Override
    public Map<String, Instant> lastScheduledIntervalEnds() {
        Map<String, Instant> ends = new HashMap<>();
        jdbc.query("SELECT pipeline, MAX(interval_end) FROM pipeline_run WHERE trigger_kind IN " + SCHEDULED_KINDS
                + " GROUP BY pipeline", rs -> {
                    long end = rs.getLong(2);
                    if (!rs.wasNull()) {
                        ends.put(rs.getString(1), Instant.ofEpochMilli(end));
                    }
                });
        return ends;
    }

    @Override
    public List<RunRecord> completedEndingAfter(String pipeline, Instant from) {
        return jdbc.query("SELECT * FROM pipeline_run WHERE pipeline = ? AND state IN (?, ?) AND interval_end > ? ORDER BY interval_start",
                RUN, pipeline, RunState.SUCCEEDED.name(), RunState.SKIPPED.name(), from.toEpochMilli());
    }

    @Override
    public Map<String, Integer> activeCounts() {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query("SELECT pipeline, COUNT(*) FROM pipeline_run WHERE state IN (?, ?) GROUP BY pipeline",
                rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                }, RunState.QUEUED.name(), RunState.RUNNING.name());
        return counts;
    }

    @Override
    public void saveDefinitionVersion(String pipeline, String version, String fileName, String text, Instant at) {
        String key = pipeline + "@" + version;
        if (storedVersions.contains(key)) {
            return;
        }
        if (definitionText(pipeline, version).isEmpty()) {
            try {
                jdbc.update("INSERT INTO definition_version (pipeline, version, file_name, content, first_seen_at) VALUES (?, ?, ?, ?, ?)",
                        pipeline, version, fileName, text.getBytes(StandardCharsets.UTF_8), millis(at));
            } catch (DataIntegrityViolationException e) {
                // stored by another node meanwhile: versions are content hashes, so it is the same text
            }
        }
        storedVersions.add(key);
    }

    @Override
    public Optional<String> definitionText(String pipeline, String version) {
        return jdbc.query("SELECT content FROM definition_version WHERE pipeline = ? AND version = ?",
                (rs, n) -> new String(rs.getBytes(1), StandardCharsets.UTF_8), pipeline, version).stream().findFirst();
    }

    private Optional<RunRecord> byId(String runId) {
        return jdbc.query("SELECT * FROM pipeline_run WHERE id = ?", RUN, runId).stream().findFirst();
    }
}

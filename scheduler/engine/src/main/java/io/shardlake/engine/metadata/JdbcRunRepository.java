package io.shardlake.engine.metadata;

import static io.shardlake.engine.metadata.RunRows.RUN;
import static io.shardlake.engine.metadata.RunRows.clip;

import io.shardlake.connectors.source.CursorValues;
import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.lake.KeyDelta;
import io.shardlake.engine.run.LeaseLostException;
import io.shardlake.engine.run.LoadCheckpoint;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.Watermark;
import io.shardlake.engine.run.WatermarkConflictException;
import java.time.Instant;
import java.time.LocalDateTime;
import io.shardlake.engine.run.TriggerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link RunRepository} on the metadata database through Spring JDBC; portable SQL only. */
public final class JdbcRunRepository implements RunRepository {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JdbcRunHistory history;
    private final JdbcKeyIndexStore keyDeltas;
    private final JdbcLoadCheckpoints checkpoints;

    public JdbcRunRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.history = new JdbcRunHistory(dataSource);
        this.keyDeltas = new JdbcKeyIndexStore(dataSource);
        this.checkpoints = new JdbcLoadCheckpoints(dataSource);
    }

    @Override
    public int nextTaskAttempt(String runId, String shard) {
        Integer max = jdbc.queryForObject("SELECT MAX(attempt) FROM shard_run WHERE run_id = ? AND shard = ?", Integer.class, runId, shard);
        return max == null ? 1 : max + 1;
    }

    @Override
    public long nextRunSequence() {
        // The UPDATE takes the row's lock until commit: a concurrent allocation waits and then reads our value plus one.
        return tx.execute(status -> {
            jdbc.update("UPDATE run_sequence SET allocated = allocated + 1 WHERE name = 'run_seq'");
            return jdbc.queryForObject("SELECT allocated FROM run_sequence WHERE name = 'run_seq'", Long.class);
        });
    }

    @Override
    public void startShardRun(ShardTaskRef t, String pipeline, ExtractWindow window, Instant startedAt) {
        // Fenced like the commit: a node that lost the run must not add attempts beside the new holder's,
        // whose attempt numbers it would take (and make the new holder's task fail on the key).
        tx.executeWithoutResult(status -> {
            checkHoldsRun(t);
            jdbc.update("INSERT INTO shard_run (run_id, shard, attempt, run_attempt, pipeline, state, window_from, window_until,"
                            + " started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    t.runId(), t.shard(), t.attempt(), t.runAttempt(), pipeline, ShardRunState.RUNNING.name(),
                    window == null || window.from() == null ? null : CursorValues.format(window.from()),
                    window == null ? null : CursorValues.format(window.until()), startedAt.toEpochMilli());
        });
    }

    @Override
    public void markPublishing(ShardTaskRef t, int firstSeq, List<PublishedFile> files, ShardReadCost read) {
        tx.executeWithoutResult(status -> {
            checkHoldsRun(t);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                PublishedFile f = files.get(i);
                rows.add(new Object[] {t.runId(), t.shard(), t.attempt(), firstSeq + i, f.key(), f.kind().name(), f.rows(), f.bytes()});
            }
            jdbc.batchUpdate("INSERT INTO shard_run_file (run_id, shard, attempt, seq, object_key, kind, rows_count, bytes)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
            jdbc.update("UPDATE shard_run SET state = ?, access_path = ?, window_rows_estimate = ?, table_rows_estimate = ?,"
                            + " rows_examined = ?, query_millis = ?, join_reads = ? WHERE run_id = ? AND shard = ? AND attempt = ?",
                    ShardRunState.PUBLISHING.name(), read.accessPath(), read.windowRowsEstimate(), read.tableRowsEstimate(),
                    read.rowsExamined(), read.queryMillis(), JoinReadsColumn.encode(read.joins()), t.runId(), t.shard(), t.attempt());
        });
    }

    @Override
    public void commitShard(ShardTaskRef t, String pipeline, ShardCounts c, Watermark expected, Watermark next, Instant nextAt,
                            KeyDelta.Written keys, Instant at) {
        tx.executeWithoutResult(status -> {
            checkHoldsRun(t);
            keyDeltas.insert(pipeline, t, keys, expected == null, at);
            String nextCursor = CursorValues.format(next.cursor());
            String tailFrom = next.tail().from() == null ? null : CursorValues.format(next.tail().from());
            int changed;
            if (expected == null) {
                // A concurrent first run on the same shard would hit the primary key here.
                changed = jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, tail_from, tail, last_run_id,"
                        + " updated_at, binlog_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", pipeline, t.shard(), nextCursor,
                        RunRows.millis(nextAt), tailFrom, next.tail().toBytes(), t.runId(), at.toEpochMilli(), next.binlog());
            } else {
                // compare-and-set on the binlog position too: a CDC batch may leave the cursor where it was
                changed = jdbc.update("UPDATE shard_watermark SET cursor_value = ?, cursor_at = ?, tail_from = ?, tail = ?, last_run_id = ?,"
                                + " updated_at = ?, binlog_position = ? WHERE pipeline = ? AND shard = ? AND cursor_value = ?"
                                + " AND COALESCE(binlog_position, '') = ?",
                        nextCursor, RunRows.millis(nextAt), tailFrom, next.tail().toBytes(), t.runId(), at.toEpochMilli(), next.binlog(),
                        pipeline, t.shard(), CursorValues.format(expected.cursor()), expected.binlog() == null ? "" : expected.binlog());
            }
            if (changed != 1) {
                throw new WatermarkConflictException("watermark of " + pipeline + "/" + t.shard() + " changed while run " + t.runId()
                        + " was loading it");
            }
            if (expected == null) {
                checkpoints.drop(pipeline, t.shard());
            }
            endShardRun(t, ShardRunState.SUCCEEDED, c, null, at);
        });
    }

    @Override
    public Optional<LoadCheckpoint> checkpoint(String stream, String shard) {
        return checkpoints.find(stream, shard);
    }

    @Override
    public void commitSlice(ShardTaskRef t, String stream, LoadCheckpoint expected, LoadCheckpoint next, ShardCounts c,
                            KeyDelta.Written keys, Instant at) {
        tx.executeWithoutResult(status -> {
            checkHoldsRun(t);
            checkpoints.move(t, stream, expected, next, at);
            keyDeltas.insert(stream, t, keys, true, at);
            jdbc.update("UPDATE shard_run_file SET slice_committed_at = ? WHERE run_id = ? AND shard = ? AND attempt = ?"
                    + " AND slice_committed_at IS NULL", at.toEpochMilli(), t.runId(), t.shard(), t.attempt());
            jdbc.update("UPDATE shard_run SET state = ?, rows_read = ?, rows_skipped = ?, rows_written = ?, rows_quarantined = ?, files = ?,"
                            + " bytes = ? WHERE run_id = ? AND shard = ? AND attempt = ?", ShardRunState.RUNNING.name(), c.rowsRead(),
                    c.rowsSkipped(), c.rowsWritten(), c.rowsQuarantined(), c.files(), c.bytes(), t.runId(), t.shard(), t.attempt());
        });
    }

    @Override
    public void commitChunkShard(ShardTaskRef t, String pipeline, ShardCounts c, KeyDelta.Written keys, Instant at) {
        tx.executeWithoutResult(status -> {
            checkHoldsRun(t);
            keyDeltas.insert(pipeline, t, keys, false, at);
            endShardRun(t, ShardRunState.SUCCEEDED, c, null, at);
        });
    }

    /**
     * The fence: locks the run's row and checks this task's run attempt still holds it. Taking a
     * run over bumps its attempt under the same row lock, so the check and the commit cannot
     * interleave with a take-over.
     */
    private void checkHoldsRun(ShardTaskRef t) {
        List<Object[]> rows = jdbc.query("SELECT attempt, state FROM pipeline_run WHERE id = ? FOR UPDATE",
                (rs, n) -> new Object[] {rs.getInt(1), rs.getString(2)}, t.runId());
        if (rows.isEmpty() || (int) rows.get(0)[0] != t.runAttempt() || !RunState.RUNNING.name().equals(rows.get(0)[1])) {
            throw new LeaseLostException("run " + t.runId() + " is no longer held by attempt " + t.runAttempt() + " of task " + t
                    + (rows.isEmpty() ? "" : " (now attempt " + rows.get(0)[0] + ", " + rows.get(0)[1] + ")")
                    + ": its lease expired and another node took it over; nothing was committed");
        }
    }

    @Override
    public void endShardRun(ShardTaskRef t, ShardRunState state, ShardCounts c, String error, Instant at) {
        jdbc.update("UPDATE shard_run SET state = ?, rows_read = ?, rows_skipped = ?, rows_written = ?, rows_quarantined = ?, files = ?,"
                        + " bytes = ?, error = ?, finished_at = ? WHERE run_id = ? AND shard = ? AND attempt = ?",
                state.name(), c.rowsRead(), c.rowsSkipped(), c.rowsWritten(), c.rowsQuarantined(), c.files(), c.bytes(), clip(error),
                at.toEpochMilli(), t.runId(), t.shard(), t.attempt());
    }

    @Override
    public void noteShardRun(ShardTaskRef t, String note) {
        jdbc.update("UPDATE shard_run SET error = ? WHERE run_id = ? AND shard = ? AND attempt = ?", clip(note), t.runId(), t.shard(),
                t.attempt());
    }

    @Override
    public void recordErrorExcerpt(ShardTaskRef t, String excerpt) {
        jdbc.update("UPDATE shard_run SET error_excerpt = ? WHERE run_id = ? AND shard = ? AND attempt = ?", clip(excerpt), t.runId(),
                t.shard(), t.attempt());
    }

    @Override
    public Optional<Watermark> watermark(String pipeline, String shard) {
        return jdbc.query("SELECT cursor_value, tail_from, tail, binlog_position FROM shard_watermark WHERE pipeline = ? AND shard = ?",
                (rs, n) -> {
                    String tailFrom = rs.getString("tail_from");
                    LocalDateTime from = tailFrom == null ? null : CursorValues.parse(tailFrom);
                    return new Watermark(CursorValues.parse(rs.getString("cursor_value")), TailDigest.fromBytes(from, rs.getBytes("tail")),
                            rs.getString("binlog_position"));
                }, pipeline, shard).stream().findFirst();
    }

    @Override
    public Map<String, LocalDateTime> watermarks(String pipeline) {
        Map<String, LocalDateTime> out = new LinkedHashMap<>();
        jdbc.query("SELECT shard, cursor_value FROM shard_watermark WHERE pipeline = ? ORDER BY shard",
                rs -> {
                    out.put(rs.getString(1), CursorValues.parse(rs.getString(2)));
                }, pipeline);
        return out;
    }

    @Override
    public Map<String, Instant> watermarkInstants(String pipeline) {
        Map<String, Instant> out = new LinkedHashMap<>();
        jdbc.query("SELECT shard, cursor_at FROM shard_watermark WHERE pipeline = ? ORDER BY shard", rs -> {
            long v = rs.getLong(2);
            if (!rs.wasNull()) {
                out.put(rs.getString(1), Instant.ofEpochMilli(v));
            }
        }, pipeline);
        return out;
    }

    @Override
    public Map<String, Instant> oldestWatermarks() {
        Map<String, Instant> out = new LinkedHashMap<>();
        jdbc.query("SELECT pipeline, MIN(cursor_at) FROM shard_watermark GROUP BY pipeline", rs -> {
            long v = rs.getLong(2);
            if (!rs.wasNull()) {
                out.put(rs.getString(1), Instant.ofEpochMilli(v));
            }
        });
        return out;
    }

    @Override
    public List<UnfinishedShardRun> unfinishedShardRuns(String pipeline, ShardTaskRef current) {
        return jdbc.query("SELECT s.run_id, s.attempt, s.run_attempt, s.state FROM shard_run s JOIN pipeline_run r ON r.id = s.run_id"
                        + " WHERE s.pipeline = ? AND s.shard = ? AND s.state IN (?, ?)"
                        + " AND (r.state <> ? OR s.run_attempt < r.attempt OR (s.run_id = ? AND s.attempt < ?))"
                        + " ORDER BY s.started_at",
                (rs, n) -> {
                    ShardTaskRef t = new ShardTaskRef(rs.getString(1), current.shard(), rs.getInt(2), rs.getInt(3));
                    // the files of slices it committed are the lake's
                    return new UnfinishedShardRun(t, ShardRunState.valueOf(rs.getString(4)), jdbc.query("SELECT object_key, kind,"
                            + " rows_count, bytes FROM shard_run_file WHERE run_id = ? AND shard = ? AND attempt = ?"
                            + " AND slice_committed_at IS NULL ORDER BY seq", RunRows.FILE, t.runId(), t.shard(), t.attempt()));
                },
                pipeline, current.shard(), ShardRunState.RUNNING.name(), ShardRunState.PUBLISHING.name(), RunState.RUNNING.name(),
                current.runId(), current.attempt());
    }

    @Override
    public List<PublishedFile> files(ShardTaskRef t) {
        return jdbc.query("SELECT object_key, kind, rows_count, bytes FROM shard_run_file WHERE run_id = ? AND shard = ? AND attempt = ?"
                + " ORDER BY seq", RunRows.FILE, t.runId(), t.shard(), t.attempt());
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return jdbc.query("SELECT * FROM pipeline_run WHERE id = ?", RUN, runId).stream().findFirst();
    }

    @Override
    public List<ShardRunRecord> shardRuns(String runId) {
        return jdbc.query("SELECT * FROM shard_run WHERE run_id = ? ORDER BY shard, attempt", RunRows.SHARD_RUN, runId);
    }

    @Override
    public List<RunRecord> recentRuns(String pipeline, int limit) {
        return jdbc.query("SELECT * FROM pipeline_run WHERE pipeline = ? ORDER BY queued_at DESC, id DESC LIMIT ?", RUN, pipeline, limit);
    }

    @Override
    public List<RunRecord> backfillRuns(String backfillId) {
        return jdbc.query("SELECT * FROM pipeline_run WHERE backfill_id = ? ORDER BY interval_start, id", RunRows.RUN, backfillId);
    }

    @Override
    public Map<String, RunRecord> lastRuns(java.util.Collection<String> pipelines, java.util.Set<TriggerKind> kinds) {
        Map<String, RunRecord> out = new LinkedHashMap<>();
        List<String> names = kinds.containsAll(java.util.EnumSet.allOf(TriggerKind.class)) ? List.of()
                : kinds.stream().sorted().map(Enum::name).toList();
        history.recentRuns(pipelines, 1, names).forEach((pipeline, newest) -> out.put(pipeline, newest.get(0)));
        return out;
    }
}

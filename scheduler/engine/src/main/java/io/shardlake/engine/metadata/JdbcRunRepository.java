package io.shardlake.engine.metadata;

import io.shardlake.connectors.source.CursorValues;
import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.Watermark;
import io.shardlake.engine.run.WatermarkConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link RunRepository} on the metadata database through Spring JDBC; portable SQL only. */
public final class JdbcRunRepository implements RunRepository {

    private static final int MAX_ERROR = 4000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcRunRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void createRun(RunRecord run) {
        jdbc.update("INSERT INTO pipeline_run (id, pipeline, definition_version, trigger_kind, state, started_at) VALUES (?, ?, ?, ?, ?, ?)",
                run.id(), run.pipeline(), run.definitionVersion(), run.trigger(), run.state().name(), run.startedAt().toEpochMilli());
    }

    @Override
    public void finishRun(String runId, RunState state, ShardCounts t, String error, Instant finishedAt) {
        jdbc.update("UPDATE pipeline_run SET state = ?, finished_at = ?, rows_read = ?, rows_written = ?, rows_quarantined = ?,"
                        + " files = ?, bytes = ?, error = ? WHERE id = ?",
                state.name(), finishedAt.toEpochMilli(), t.rowsRead(), t.rowsWritten(), t.rowsQuarantined(), t.files(), t.bytes(),
                clip(error), runId);
    }

    @Override
    public int failRunningRuns(String reason, Instant at) {
        return jdbc.update("UPDATE pipeline_run SET state = ?, finished_at = ?, error = ? WHERE state = ?",
                RunState.FAILED.name(), at.toEpochMilli(), clip(reason), RunState.RUNNING.name());
    }

    @Override
    public void startShardRun(String runId, String pipeline, String shard, ExtractWindow window, Instant startedAt) {
        jdbc.update("INSERT INTO shard_run (run_id, shard, pipeline, state, window_from, window_until, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                runId, shard, pipeline, ShardRunState.RUNNING.name(),
                window == null || window.from() == null ? null : CursorValues.format(window.from()),
                window == null ? null : CursorValues.format(window.until()), startedAt.toEpochMilli());
    }

    @Override
    public void markPublishing(String runId, String shard, List<PublishedFile> files) {
        tx.executeWithoutResult(status -> {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                PublishedFile f = files.get(i);
                rows.add(new Object[] {runId, shard, i, f.key(), f.kind().name(), f.rows(), f.bytes()});
            }
            jdbc.batchUpdate("INSERT INTO shard_run_file (run_id, shard, seq, object_key, kind, rows_count, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
            jdbc.update("UPDATE shard_run SET state = ? WHERE run_id = ? AND shard = ?", ShardRunState.PUBLISHING.name(), runId, shard);
        });
    }

    @Override
    public void commitShard(String runId, String pipeline, String shard, ShardCounts c, Watermark expected, Watermark next, Instant at) {
        tx.executeWithoutResult(status -> {
            String nextCursor = CursorValues.format(next.cursor());
            String tailFrom = next.tail().from() == null ? null : CursorValues.format(next.tail().from());
            int changed;
            if (expected == null) {
                // A concurrent first run on the same shard would hit the primary key here.
                changed = jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, tail_from, tail, last_run_id, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", pipeline, shard, nextCursor, tailFrom, next.tail().toBytes(), runId, at.toEpochMilli());
            } else {
                changed = jdbc.update("UPDATE shard_watermark SET cursor_value = ?, tail_from = ?, tail = ?, last_run_id = ?, updated_at = ?"
                                + " WHERE pipeline = ? AND shard = ? AND cursor_value = ?",
                        nextCursor, tailFrom, next.tail().toBytes(), runId, at.toEpochMilli(), pipeline, shard,
                        CursorValues.format(expected.cursor()));
            }
            if (changed != 1) {
                throw new WatermarkConflictException("watermark of " + pipeline + "/" + shard + " changed while run " + runId + " was loading it");
            }
            endShardRun(runId, shard, ShardRunState.SUCCEEDED, c, null, at);
        });
    }

    @Override
    public void endShardRun(String runId, String shard, ShardRunState state, ShardCounts c, String error, Instant at) {
        jdbc.update("UPDATE shard_run SET state = ?, rows_read = ?, rows_skipped = ?, rows_written = ?, rows_quarantined = ?, files = ?,"
                        + " bytes = ?, error = ?, finished_at = ? WHERE run_id = ? AND shard = ?",
                state.name(), c.rowsRead(), c.rowsSkipped(), c.rowsWritten(), c.rowsQuarantined(), c.files(), c.bytes(), clip(error),
                at.toEpochMilli(), runId, shard);
    }

    @Override
    public Optional<Watermark> watermark(String pipeline, String shard) {
        return jdbc.query("SELECT cursor_value, tail_from, tail FROM shard_watermark WHERE pipeline = ? AND shard = ?",
                (rs, n) -> {
                    String tailFrom = rs.getString("tail_from");
                    LocalDateTime from = tailFrom == null ? null : CursorValues.parse(tailFrom);
                    return new Watermark(CursorValues.parse(rs.getString("cursor_value")), TailDigest.fromBytes(from, rs.getBytes("tail")));
                }, pipeline, shard).stream().findFirst();
    }

    @Override
    public List<UnfinishedShardRun> unfinishedShardRuns(String pipeline, String shard) {
        return jdbc.query("SELECT run_id, state FROM shard_run WHERE pipeline = ? AND shard = ? AND state IN (?, ?) ORDER BY started_at",
                (rs, n) -> new UnfinishedShardRun(rs.getString("run_id"), shard, ShardRunState.valueOf(rs.getString("state")),
                        files(rs.getString("run_id"), shard)),
                pipeline, shard, ShardRunState.RUNNING.name(), ShardRunState.PUBLISHING.name());
    }

    @Override
    public List<PublishedFile> files(String runId, String shard) {
        return jdbc.query("SELECT object_key, kind, rows_count, bytes FROM shard_run_file WHERE run_id = ? AND shard = ? ORDER BY seq",
                (rs, n) -> new PublishedFile(rs.getString("object_key"), PublishedFile.Kind.valueOf(rs.getString("kind")),
                        rs.getLong("rows_count"), rs.getLong("bytes")), runId, shard);
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return jdbc.query("SELECT * FROM pipeline_run WHERE id = ?", RUN, runId).stream().findFirst();
    }

    @Override
    public List<ShardRunRecord> shardRuns(String runId) {
        return jdbc.query("SELECT * FROM shard_run WHERE run_id = ? ORDER BY shard", (rs, n) -> new ShardRunRecord(
                rs.getString("run_id"), rs.getString("shard"), rs.getString("pipeline"), ShardRunState.valueOf(rs.getString("state")),
                rs.getString("window_from"), rs.getString("window_until"), shardCounts(rs), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("error")), runId);
    }

    @Override
    public List<RunRecord> recentRuns(String pipeline, int limit) {
        return jdbc.query("SELECT * FROM pipeline_run WHERE pipeline = ? ORDER BY started_at DESC LIMIT ?", RUN, pipeline, limit);
    }

    private static final RowMapper<RunRecord> RUN = (rs, n) -> new RunRecord(rs.getString("id"), rs.getString("pipeline"),
            rs.getString("definition_version"), rs.getString("trigger_kind"), RunState.valueOf(rs.getString("state")),
            instant(rs, "started_at"), instant(rs, "finished_at"),
            new ShardCounts(rs.getLong("rows_read"), 0, rs.getLong("rows_written"), rs.getLong("rows_quarantined"),
                    rs.getInt("files"), rs.getLong("bytes")),
            rs.getString("error"));

    private static ShardCounts shardCounts(ResultSet rs) throws SQLException {
        return new ShardCounts(rs.getLong("rows_read"), rs.getLong("rows_skipped"), rs.getLong("rows_written"),
                rs.getLong("rows_quarantined"), rs.getInt("files"), rs.getLong("bytes"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 3) + "...";
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Reads and writes {@code pipeline_run} rows (and maps shard tasks and their files): one mapping shared by the queue, the repository and the history. */
final class RunRows {

    static final int MAX_ERROR = 4000;

    static final RowMapper<RunRecord> RUN = (rs, n) -> {
        Instant start = instant(rs, "interval_start");
        Instant end = instant(rs, "interval_end");
        String subset = rs.getString("shard_subset");
        return new RunRecord(rs.getString("id"), rs.getString("pipeline"), rs.getString("run_key"),
                TriggerKind.valueOf(rs.getString("trigger_kind")), rs.getString("definition_version"),
                start == null || end == null ? null : new DataInterval(start, end), RunState.valueOf(rs.getString("state")),
                instant(rs, "queued_at"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getInt("attempt"),
                rs.getString("lease_owner"), instant(rs, "lease_until"), rs.getString("cancel_reason"), rs.getString("backfill_id"),
                subset == null || subset.isEmpty() ? List.of() : Arrays.asList(subset.split(",")),
                new ShardCounts(rs.getLong("rows_read"), 0, rs.getLong("rows_written"), rs.getLong("rows_quarantined"),
                        rs.getInt("files"), rs.getLong("bytes")),
                rs.getString("error"));
    };

    /** A {@code shard_run} row: one attempt of one shard's task. */
    static final RowMapper<ShardRunRecord> SHARD_RUN = (rs, n) -> new ShardRunRecord(rs.getString("run_id"), rs.getString("shard"),
            rs.getInt("attempt"), rs.getString("pipeline"), ShardRunState.valueOf(rs.getString("state")), rs.getString("window_from"),
            rs.getString("window_until"), new ShardCounts(rs.getLong("rows_read"), rs.getLong("rows_skipped"), rs.getLong("rows_written"),
            rs.getLong("rows_quarantined"), rs.getInt("files"), rs.getLong("bytes")), instant(rs, "started_at"), instant(rs, "finished_at"),
            rs.getString("error"), readCost(rs));

    private static ShardReadCost readCost(ResultSet rs) throws SQLException {
        String path = rs.getString("access_path");
        if (path == null) {
            return null;
        }
        long examined = rs.getLong("rows_examined");
        Long rowsExamined = rs.wasNull() ? null : examined;
        return new ShardReadCost(path, rs.getLong("window_rows_estimate"), rs.getLong("table_rows_estimate"), rowsExamined,
                rs.getLong("query_millis"), JoinReadsColumn.decode(rs.getString("join_reads")));
    }

    /** A {@code shard_run_file} row's object_key, kind, rows_count and bytes. */
    static final RowMapper<PublishedFile> FILE = (rs, n) -> new PublishedFile(rs.getString("object_key"),
            PublishedFile.Kind.valueOf(rs.getString("kind")), rs.getLong("rows_count"), rs.getLong("bytes"));

    private RunRows() {
    }

    /** Inserts a new QUEUED run. */
    static void insert(JdbcTemplate jdbc, RunRecord run) {
        jdbc.update("INSERT INTO pipeline_run (id, pipeline, run_key, trigger_kind, lane, definition_version, interval_start,"
                        + " interval_end, state, queued_at, backfill_id, shard_subset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.id(), run.pipeline(), run.runKey(), run.trigger().name(), run.lane().name(), run.definitionVersion(),
                run.interval() == null ? null : run.interval().start().toEpochMilli(),
                run.interval() == null ? null : run.interval().end().toEpochMilli(), RunState.QUEUED.name(),
                run.queuedAt().toEpochMilli(), run.backfillId(),
                run.shardSubset().isEmpty() ? null : String.join(",", run.shardSubset()));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static String clip(String text) {
        return clip(text, MAX_ERROR);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.connectors.source.CursorValues;
import io.shardlake.engine.run.LoadCheckpoint;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.WatermarkConflictException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code load_checkpoint} table (V22): where loads committed in slices stand; used inside the run repository's transactions. */
final class JdbcLoadCheckpoints {

    private final JdbcTemplate jdbc;

    JdbcLoadCheckpoints(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    Optional<LoadCheckpoint> find(String stream, String shard) {
        return jdbc.query("SELECT * FROM load_checkpoint WHERE stream = ? AND shard = ?", (rs, n) -> {
            String tailFrom = rs.getString("tail_from");
            LocalDateTime from = tailFrom == null ? null : CursorValues.parse(tailFrom);
            return new LoadCheckpoint(CursorValues.parse(rs.getString("until_value")), KeyJson.read(rs.getString("after_key")),
                    TailDigest.fromBytes(from, rs.getBytes("tail")), new ShardCounts(rs.getLong("rows_read"), rs.getLong("rows_skipped"),
                    rs.getLong("rows_written"), rs.getLong("rows_quarantined"), rs.getInt("files"), rs.getLong("bytes")));
        }, stream, shard).stream().findFirst();
    }

    /** Moves the checkpoint from {@code expected} (null: none) to {@code next}; refused if it moved meanwhile or the load committed. */
    void move(ShardTaskRef t, String stream, LoadCheckpoint expected, LoadCheckpoint next, Instant at) {
        Integer committed = jdbc.queryForObject("SELECT COUNT(*) FROM shard_watermark WHERE pipeline = ? AND shard = ?", Integer.class,
                stream, t.shard());
        String tailFrom = next.tail().from() == null ? null : CursorValues.format(next.tail().from());
        ShardCounts c = next.loaded();
        int changed = 0;
        if (committed == 0 && expected == null) {
            changed = insert(t, stream, next, tailFrom, c, at);
        } else if (committed == 0) {
            changed = jdbc.update("UPDATE load_checkpoint SET after_key = ?, tail_from = ?, tail = ?, rows_read = ?, rows_skipped = ?,"
                            + " rows_written = ?, rows_quarantined = ?, files = ?, bytes = ?, run_id = ?, updated_at = ?"
                            + " WHERE stream = ? AND shard = ? AND until_value = ? AND after_key = ?",
                    KeyJson.write(next.after()), tailFrom, next.tail().toBytes(), c.rowsRead(), c.rowsSkipped(), c.rowsWritten(),
                    c.rowsQuarantined(), c.files(), c.bytes(), t.runId(), at.toEpochMilli(), stream, t.shard(),
                    CursorValues.format(expected.until()), KeyJson.write(expected.after()));
        }
        if (changed != 1) {
            throw new WatermarkConflictException("the load of " + stream + "/" + t.shard() + " moved on while task " + t + " was loading a"
                    + " slice of it" + (committed == 0 ? "" : " (it has committed)") + "; this slice was not committed");
        }
    }

    /** 1, or 0 when another first slice of the same load got there first. */
    private int insert(ShardTaskRef t, String stream, LoadCheckpoint next, String tailFrom, ShardCounts c, Instant at) {
        try {
            return jdbc.update("INSERT INTO load_checkpoint (stream, shard, until_value, after_key, tail_from, tail, rows_read, rows_skipped,"
                            + " rows_written, rows_quarantined, files, bytes, run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    stream, t.shard(), CursorValues.format(next.until()), KeyJson.write(next.after()), tailFrom, next.tail().toBytes(),
                    c.rowsRead(), c.rowsSkipped(), c.rowsWritten(), c.rowsQuarantined(), c.files(), c.bytes(), t.runId(), at.toEpochMilli());
        } catch (DuplicateKeyException e) {
            return 0;
        }
    }

    /** Drops the checkpoint of a load whose last slice commits. */
    void drop(String stream, String shard) {
        jdbc.update("DELETE FROM load_checkpoint WHERE stream = ? AND shard = ?", stream, shard);
    }
}

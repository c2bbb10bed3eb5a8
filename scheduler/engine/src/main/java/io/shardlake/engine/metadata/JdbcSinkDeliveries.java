package io.shardlake.engine.metadata;

import io.shardlake.engine.sink.SinkDeliveries;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The delivery ledger in the metadata database. */
public final class JdbcSinkDeliveries implements SinkDeliveries {

    private static final int MAX_ERROR = 4000;

    private final JdbcTemplate jdbc;

    public JdbcSinkDeliveries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void add(String sink, String pipeline, String runId, boolean backfill, Instant at) {
        try {
            jdbc.update("INSERT INTO sink_delivery (sink, run_id, pipeline, backfill, created_at, attempts) VALUES (?, ?, ?, ?, ?, 0)",
                    sink, runId, pipeline, backfill ? 1 : 0, at.toEpochMilli());
        } catch (DataIntegrityViolationException alreadyThere) {
            // a run taken over by another node adds it again
        }
    }

    @Override
    public List<Pending> pending(String sink, String pipeline) {
        return jdbc.query("SELECT run_id, backfill, attempts FROM sink_delivery WHERE sink = ? AND pipeline = ? AND delivered_at IS NULL"
                        + " ORDER BY created_at, run_id",
                (rs, n) -> new Pending(rs.getString("run_id"), rs.getInt("backfill") == 1, rs.getInt("attempts")), sink, pipeline);
    }

    @Override
    public void delivered(String sink, String runId, Instant at) {
        jdbc.update("UPDATE sink_delivery SET delivered_at = ?, attempts = attempts + 1, error = NULL WHERE sink = ? AND run_id = ?",
                at.toEpochMilli(), sink, runId);
    }

    @Override
    public int forgetDelivered(Instant before, int limit) {
        List<Object[]> keys = jdbc.query("SELECT sink, run_id FROM sink_delivery WHERE delivered_at < ? ORDER BY delivered_at LIMIT ?",
                (rs, n) -> new Object[] {rs.getString(1), rs.getString(2)}, before.toEpochMilli(), limit);
        jdbc.batchUpdate("DELETE FROM sink_delivery WHERE sink = ? AND run_id = ?", keys);
        return keys.size();
    }

    @Override
    public void failed(String sink, String runId, String error) {
        String text = error == null ? "failed" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        jdbc.update("UPDATE sink_delivery SET attempts = attempts + 1, error = ? WHERE sink = ? AND run_id = ?", text, sink, runId);
    }
}

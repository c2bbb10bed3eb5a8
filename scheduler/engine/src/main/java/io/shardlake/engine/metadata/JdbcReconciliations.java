package io.shardlake.engine.metadata;

import io.shardlake.engine.run.ReconciliationStore;
import io.shardlake.engine.run.ShardReconciliation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link ReconciliationStore} on the metadata database (V14). */
public final class JdbcReconciliations implements ReconciliationStore {

    private final JdbcTemplate jdbc;

    public JdbcReconciliations(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void record(ShardReconciliation f) {
        // a retried shard of the same run replaces its earlier finding
        jdbc.update("DELETE FROM shard_reconciliation WHERE run_id = ? AND shard = ?", f.runId(), f.shard());
        jdbc.update("INSERT INTO shard_reconciliation (run_id, shard, pipeline, source_keys, lake_keys, ranges, ranges_differing,"
                        + " rows_examined, deleted_keys, missing_keys, sample, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.runId(), f.shard(), f.pipeline(), f.sourceKeys(), f.lakeKeys(), f.ranges(), f.rangesDiffering(), f.rowsExamined(),
                f.deletedKeys(), f.missingKeys(), RunRows.clip(f.sample()), f.finishedAt().toEpochMilli());
    }

    @Override
    public List<ShardReconciliation> recent(String pipeline, int limit) {
        return jdbc.query("SELECT * FROM shard_reconciliation WHERE pipeline = ? ORDER BY finished_at DESC, shard LIMIT ?",
                JdbcReconciliations::row, pipeline, limit);
    }

    @Override
    public List<ShardReconciliation> ofRun(String runId) {
        return jdbc.query("SELECT * FROM shard_reconciliation WHERE run_id = ? ORDER BY shard", JdbcReconciliations::row, runId);
    }

    private static ShardReconciliation row(ResultSet rs, int n) throws SQLException {
        return new ShardReconciliation(rs.getString("run_id"), rs.getString("shard"), rs.getString("pipeline"), rs.getLong("source_keys"),
                rs.getLong("lake_keys"), rs.getInt("ranges"), rs.getInt("ranges_differing"), rs.getLong("rows_examined"),
                rs.getLong("deleted_keys"), rs.getLong("missing_keys"), rs.getString("sample"), Instant.ofEpochMilli(rs.getLong("finished_at")));
    }
}

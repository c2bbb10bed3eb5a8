package io.shardlake.engine.metadata;

import io.shardlake.engine.lake.PartitionGenerations;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link PartitionGenerations} on the metadata database; portable SQL only. */
public final class JdbcPartitionGenerations implements PartitionGenerations {

    private static final RowMapper<Generation> GENERATION = (rs, n) -> new Generation(rs.getString("table_name"),
            rs.getString("partition_folder"), rs.getString("run_id"), rs.getString("location"), rs.getInt("live") != 0,
            Instant.ofEpochMilli(rs.getLong("created_at")), RunRows.instant(rs, "retired_at"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcPartitionGenerations(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Optional<Generation> live(String table, String partition) {
        return jdbc.query("SELECT * FROM partition_generation WHERE table_name = ? AND partition_folder = ? AND live = 1", GENERATION,
                table, partition).stream().findFirst();
    }

    @Override
    public boolean replace(String table, String partition, String expectedRunId, String runId, String location, String retiredLocation,
                           Instant at) {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                boolean retired;
                if (ORIGINAL.equals(expectedRunId)) {
                    // The original's row is the guard of a first replacement: a second one hits its key.
                    retired = jdbc.update("INSERT INTO partition_generation (table_name, partition_folder, run_id, location, live,"
                                    + " created_at, retired_at) VALUES (?, ?, ?, ?, 0, ?, ?)", table, partition, ORIGINAL,
                            retiredLocation == null ? "" : retiredLocation, at.toEpochMilli(), retiredLocation == null ? null : at.toEpochMilli())
                            == 1;
                } else {
                    retired = jdbc.update("UPDATE partition_generation SET live = 0, retired_at = ?, location = ? WHERE table_name = ?"
                            + " AND partition_folder = ? AND run_id = ? AND live = 1", at.toEpochMilli(), retiredLocation, table, partition,
                            expectedRunId) == 1;
                }
                if (!retired) {
                    status.setRollbackOnly();
                    return false;
                }
                jdbc.update("INSERT INTO partition_generation (table_name, partition_folder, run_id, location, live, created_at)"
                        + " VALUES (?, ?, ?, ?, 1, ?)", table, partition, runId, location, at.toEpochMilli());
                return true;
            }));
        } catch (DataIntegrityViolationException e) {
            return false;
        }
    }

    @Override
    public List<Generation> liveOf(String table, String runId) {
        return jdbc.query("SELECT * FROM partition_generation WHERE table_name = ? AND run_id = ? AND live = 1", GENERATION, table, runId);
    }

    @Override
    public List<Generation> retiredBefore(Instant before, int limit) {
        return jdbc.query("SELECT * FROM partition_generation WHERE live = 0 AND retired_at IS NOT NULL AND retired_at < ?"
                + " ORDER BY retired_at LIMIT ?", GENERATION, before.toEpochMilli(), limit);
    }

    @Override
    public void forget(Generation retired) {
        // the original's row stays: it guards against a second "first" replacement
        if (ORIGINAL.equals(retired.runId())) {
            jdbc.update("UPDATE partition_generation SET retired_at = NULL, location = '' WHERE table_name = ? AND partition_folder = ?"
                    + " AND run_id = ?", retired.table(), retired.partition(), retired.runId());
        } else {
            jdbc.update("DELETE FROM partition_generation WHERE table_name = ? AND partition_folder = ? AND run_id = ? AND live = 0",
                    retired.table(), retired.partition(), retired.runId());
        }
    }
}

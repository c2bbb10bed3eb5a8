package io.shardlake.engine.metadata;

import io.shardlake.engine.current.CurrentTables;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Current-state tables in the metadata database (V21); the same SQL on H2, MariaDB/MySQL and PostgreSQL. */
public final class JdbcCurrentTables implements CurrentTables {

    private static final String PENDING = "PENDING";
    private static final String LIVE = "LIVE";
    private static final String RETIRED = "RETIRED";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcCurrentTables(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public boolean acquire(String table, String owner, Instant now, Instant until) {
        try {
            jdbc.update("INSERT INTO current_table (table_name, generation, manifest_generation) VALUES (?, 0, 0)", table);
        } catch (DuplicateKeyException exists) {
            // created by an earlier update
        }
        return jdbc.update("UPDATE current_table SET lease_owner = ?, lease_until = ? WHERE table_name = ?"
                + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)",
                owner, until.toEpochMilli(), table, owner, now.toEpochMilli()) == 1;
    }

    @Override
    public void release(String table, String owner) {
        jdbc.update("UPDATE current_table SET lease_owner = NULL, lease_until = NULL WHERE table_name = ? AND lease_owner = ?", table, owner);
    }

    @Override
    public State state(String table) {
        return jdbc.queryForObject("SELECT generation, manifest_generation, last_run_id FROM current_table WHERE table_name = ?",
                (rs, n) -> new State(rs.getLong(1), rs.getLong(2), rs.getString(3)), table);
    }

    @Override
    public List<Bucket> buckets(String table) {
        return jdbc.query("SELECT bucket_id, shard, low_key, file_key, row_count, byte_count FROM current_bucket WHERE table_name = ?"
                        + " ORDER BY bucket_id",
                (rs, n) -> new Bucket(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6)),
                table);
    }

    @Override
    public List<String> pendingFiles(String table) {
        return jdbc.queryForList("SELECT file_key FROM current_file WHERE table_name = ? AND state = ? ORDER BY file_key", String.class,
                table, PENDING);
    }

    @Override
    public void forget(String table, List<String> fileKeys) {
        jdbc.batchUpdate("DELETE FROM current_file WHERE table_name = ? AND file_key = ?",
                fileKeys.stream().map(k -> new Object[] {table, k}).toList());
    }

    @Override
    public void recordPending(String table, String owner, long generation, List<String> fileKeys) {
        tx.executeWithoutResult(status -> {
            requireLease(table, owner);
            jdbc.batchUpdate("INSERT INTO current_file (table_name, file_key, generation, state) VALUES (?, ?, ?, ?)",
                    fileKeys.stream().map(k -> new Object[] {table, k, generation, PENDING}).toList());
        });
    }

    private void requireLease(String table, String owner) {
        // the row lock also orders this transaction after a commit of another writer
        List<String> holder = jdbc.queryForList("SELECT lease_owner FROM current_table WHERE table_name = ? FOR UPDATE", String.class, table);
        if (holder.isEmpty() || !owner.equals(holder.get(0))) {
            throw new IllegalStateException("the lease on current table " + table + " was taken over by " + (holder.isEmpty() ? "nobody"
                    : holder.get(0)) + "; this update stops, the next one continues");
        }
    }

    @Override
    public boolean commit(String table, String owner, long generation, String runId, List<Bucket> removed, List<Bucket> added,
                          Instant now) {
        Boolean done = tx.execute(status -> {
            int moved = jdbc.update("UPDATE current_table SET generation = ?, last_run_id = ? WHERE table_name = ? AND generation = ?"
                    + " AND lease_owner = ?", generation, runId, table, generation - 1, owner);
            if (moved != 1) {
                return false;
            }
            jdbc.batchUpdate("DELETE FROM current_bucket WHERE table_name = ? AND bucket_id = ?",
                    removed.stream().map(b -> new Object[] {table, b.id()}).toList());
            jdbc.batchUpdate("UPDATE current_file SET state = ?, retired_at = ? WHERE table_name = ? AND file_key = ?",
                    removed.stream().map(b -> new Object[] {RETIRED, now.toEpochMilli(), table, b.fileKey()}).toList());
            jdbc.batchUpdate("INSERT INTO current_bucket (table_name, bucket_id, shard, low_key, file_key, row_count, byte_count)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", added.stream().map(b -> new Object[] {table, b.id(), b.shard(), b.lowKey(),
                    b.fileKey(), b.rows(), b.bytes()}).toList());
            jdbc.batchUpdate("UPDATE current_file SET state = ? WHERE table_name = ? AND file_key = ?",
                    added.stream().map(b -> new Object[] {LIVE, table, b.fileKey()}).toList());
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    @Override
    public void manifestWritten(String table, long generation) {
        jdbc.update("UPDATE current_table SET manifest_generation = ? WHERE table_name = ? AND manifest_generation < ?", generation, table,
                generation);
    }

    @Override
    public List<String> retiredBefore(String table, Instant before, int limit) {
        return jdbc.queryForList("SELECT file_key FROM current_file WHERE table_name = ? AND state = ? AND retired_at < ? ORDER BY retired_at"
                + " LIMIT ?", String.class, table, RETIRED, before.toEpochMilli(), limit);
    }

    @Override
    public void drop(String table) {
        tx.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM current_file WHERE table_name = ?", table);
            jdbc.update("DELETE FROM current_bucket WHERE table_name = ?", table);
            jdbc.update("DELETE FROM current_table WHERE table_name = ?", table);
        });
    }
}

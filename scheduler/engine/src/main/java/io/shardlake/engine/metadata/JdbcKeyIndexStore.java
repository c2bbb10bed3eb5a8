package io.shardlake.engine.metadata;

import io.shardlake.engine.lake.KeyDelta;
import io.shardlake.engine.lake.KeyIndexStore;
import io.shardlake.engine.run.ShardTaskRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link KeyIndexStore} on the metadata database (V14); portable SQL only. */
public final class JdbcKeyIndexStore implements KeyIndexStore {

    /** The generation of the empty index a shard's first load creates. */
    static final String FIRST = "first-load";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcKeyIndexStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Stores a committing task's key delta, inside the caller's commit transaction (same data
     * source). A shard's first load also creates its empty index: from then on every key of the
     * shard's lake goes through a delta.
     */
    void insert(String pipeline, ShardTaskRef t, KeyDelta.Written keys, boolean firstLoad, Instant at) {
        if (!keys.tracked()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < keys.parts().size(); i++) {
            rows.add(new Object[] {UUID.randomUUID().toString(), pipeline, t.shard(), t.runId(), keys.runSeq(), i, keys.counts().get(i),
                    keys.parts().get(i), at.toEpochMilli()});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO lake_key_delta (id, pipeline, shard, run_id, run_seq, part, keys_count, data, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
        if (firstLoad && jdbc.queryForObject("SELECT COUNT(*) FROM lake_key_index WHERE pipeline = ? AND shard = ?", Integer.class,
                pipeline, t.shard()) == 0) {
            jdbc.update("INSERT INTO lake_key_index (pipeline, shard, generation, keys_count, built_at) VALUES (?, ?, ?, 0, ?)", pipeline,
                    t.shard(), FIRST, at.toEpochMilli());
        }
    }

    @Override
    public Optional<Folded> folded(String pipeline, String shard) {
        return tx.execute(status -> {
            List<Object[]> head = jdbc.query("SELECT generation, keys_count FROM lake_key_index WHERE pipeline = ? AND shard = ?",
                    (rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)}, pipeline, shard);
            if (head.isEmpty()) {
                return Optional.empty();
            }
            String generation = (String) head.get(0)[0];
            List<byte[]> parts = jdbc.query("SELECT data FROM lake_key_index_part WHERE pipeline = ? AND shard = ? AND generation = ?"
                    + " ORDER BY part", (rs, n) -> rs.getBytes(1), pipeline, shard, generation);
            return Optional.of(new Folded(generation, (Long) head.get(0)[1], parts));
        });
    }

    @Override
    public List<Delta> deltas(String pipeline, String shard) {
        return jdbc.query("SELECT id, run_seq, part, data FROM lake_key_delta WHERE pipeline = ? AND shard = ? ORDER BY run_seq, part",
                (rs, n) -> new Delta(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4)), pipeline, shard);
    }

    @Override
    public boolean replace(String pipeline, String shard, String expectedGeneration, List<byte[]> parts, long keys,
                           List<String> foldedDeltas, Instant at) {
        String generation = UUID.randomUUID().toString();
        return Boolean.TRUE.equals(tx.execute(status -> {
            int changed = jdbc.update("UPDATE lake_key_index SET generation = ?, keys_count = ?, built_at = ? WHERE pipeline = ? AND shard = ?"
                    + " AND generation = ?", generation, keys, at.toEpochMilli(), pipeline, shard, expectedGeneration);
            if (changed != 1) {
                status.setRollbackOnly();
                return false;
            }
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                rows.add(new Object[] {pipeline, shard, generation, i, parts.get(i)});
            }
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO lake_key_index_part (pipeline, shard, generation, part, data) VALUES (?, ?, ?, ?, ?)", rows);
            }
            jdbc.update("DELETE FROM lake_key_index_part WHERE pipeline = ? AND shard = ? AND generation = ?", pipeline, shard,
                    expectedGeneration);
            jdbc.batchUpdate("DELETE FROM lake_key_delta WHERE id = ?", foldedDeltas.stream().map(id -> new Object[] {id}).toList());
            return true;
        }));
    }

    @Override
    public void drop(String pipeline) {
        tx.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM lake_key_delta WHERE pipeline = ?", pipeline);
            jdbc.update("DELETE FROM lake_key_index_part WHERE pipeline = ?", pipeline);
            jdbc.update("DELETE FROM lake_key_index WHERE pipeline = ?", pipeline);
        });
    }
}

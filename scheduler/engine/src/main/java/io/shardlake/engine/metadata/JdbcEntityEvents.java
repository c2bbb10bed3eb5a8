package io.shardlake.engine.metadata;

import io.shardlake.engine.run.EntityEvent;
import io.shardlake.engine.run.EntityEventStore;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link EntityEventStore} in the metadata database's {@code entity_event} table. */
public final class JdbcEntityEvents implements EntityEventStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcEntityEvents(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void add(List<EntityEvent> events, Instant receivedAt) {
        List<Object[]> rows = new ArrayList<>();
        for (EntityEvent e : events) {
            rows.add(new Object[] {UUID.randomUUID().toString(), e.pipeline(), e.shard(), KeyJson.write(e.key()), e.op().name(),
                    e.updatedAt() == null ? null : e.updatedAt().toString(), receivedAt.toEpochMilli()});
        }
        tx.executeWithoutResult(s -> jdbc.batchUpdate("INSERT INTO entity_event (id, pipeline, shard, entity_key, op, event_cursor,"
                + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows));
    }

    @Override
    public List<Waiting> waiting() {
        return jdbc.query("SELECT pipeline, COUNT(*) AS n, MIN(received_at) AS oldest FROM entity_event WHERE run_id IS NULL"
                + " GROUP BY pipeline", (rs, n) -> new Waiting(rs.getString("pipeline"), rs.getInt("n"),
                Instant.ofEpochMilli(rs.getLong("oldest"))));
    }

    @Override
    public RunRecord claimAndQueue(String pipeline, String runId, Function<List<String>, RunRecord> run, RunQueue queue) {
        return tx.execute(s -> {
            int claimed = jdbc.update("UPDATE entity_event SET run_id = ? WHERE pipeline = ? AND run_id IS NULL", runId, pipeline);
            if (claimed == 0) {
                return null;
            }
            List<String> shards = jdbc.queryForList("SELECT DISTINCT shard FROM entity_event WHERE run_id = ? ORDER BY shard",
                    String.class, runId);
            return queue.enqueue(run.apply(shards)).run();
        });
    }

    @Override
    public Map<String, List<EntityEvent>> claimed(String runId) {
        Map<String, List<EntityEvent>> byShard = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM entity_event WHERE run_id = ? ORDER BY shard, received_at", rs -> {
            String cursor = rs.getString("event_cursor");
            EntityEvent e = new EntityEvent(rs.getString("pipeline"), rs.getString("shard"), KeyJson.read(rs.getString("entity_key")),
                    EntityEvent.Op.valueOf(rs.getString("op")), cursor == null ? null : Instant.parse(cursor));
            byShard.computeIfAbsent(e.shard(), k -> new ArrayList<>()).add(e);
        }, runId);
        return byShard;
    }

    @Override
    public int settle() {
        return tx.execute(s -> {
            // a SKIPPED event run found no first load committed on its shards: the first load reads those rows
            // correlated from the (few) claimed events: the run history is never scanned
            jdbc.update("DELETE FROM entity_event WHERE run_id IS NOT NULL AND EXISTS (SELECT 1 FROM pipeline_run r"
                    + " WHERE r.id = entity_event.run_id AND r.state IN (?, ?))", RunState.SUCCEEDED.name(), RunState.SKIPPED.name());
            return jdbc.update("UPDATE entity_event SET run_id = NULL WHERE run_id IS NOT NULL AND EXISTS (SELECT 1 FROM pipeline_run r"
                    + " WHERE r.id = entity_event.run_id AND r.state IN (?, ?))", RunState.FAILED.name(), RunState.CANCELLED.name());
        });
    }
}

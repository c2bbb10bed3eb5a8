package io.shardlake.engine.metadata;

import io.shardlake.engine.compaction.CompactionLedger;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.run.RunLane;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link CompactionLedger} on the metadata database (runs, shard tasks, their files, the sink ledger); portable SQL only. */
public final class JdbcCompactionLedger implements CompactionLedger {

    private static final int IN_LIST = 500;
    private static final String COMPACTION = TriggerKind.COMPACTION.name();

    private final JdbcTemplate jdbc;

    public JdbcCompactionLedger(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public int filesSinceLastCompaction(String pipeline, Instant notBefore) {
        Long last = jdbc.queryForObject("SELECT MAX(queued_at) FROM pipeline_run WHERE pipeline = ? AND trigger_kind = ?", Long.class,
                pipeline, COMPACTION);
        long since = Math.max(notBefore.toEpochMilli(), last == null ? Long.MIN_VALUE : last + 1);
        Integer files = jdbc.queryForObject("SELECT COUNT(*) FROM pipeline_run r JOIN shard_run_file f ON f.run_id = r.id"
                + " WHERE r.pipeline = ? AND r.queued_at >= ? AND r.lane = ? AND r.trigger_kind <> ? AND f.kind = 'DATA'", Integer.class,
                pipeline, since, RunLane.INCREMENTAL.name(), COMPACTION);
        return files == null ? 0 : files;
    }

    @Override
    public Optional<Instant> lastCompaction(String pipeline, String exceptRunId) {
        Long last = jdbc.queryForObject("SELECT MAX(queued_at) FROM pipeline_run WHERE pipeline = ? AND trigger_kind = ? AND state IN (?, ?)"
                + " AND id <> ?", Long.class, pipeline, COMPACTION, RunState.SUCCEEDED.name(), RunState.SKIPPED.name(), exceptRunId);
        return Optional.ofNullable(last).map(Instant::ofEpochMilli);
    }

    @Override
    public Set<String> partitionsWrittenSince(String pipeline, Instant since) {
        Set<String> partitions = new HashSet<>();
        jdbc.query("SELECT f.object_key FROM pipeline_run r JOIN shard_run_file f ON f.run_id = r.id WHERE r.pipeline = ?"
                + " AND r.queued_at >= ? AND r.lane = ? AND r.trigger_kind <> ? AND f.kind = 'DATA'", rs -> {
            String partition = LakeLayout.partitionOf(rs.getString(1));
            if (partition != null) {
                partitions.add(partition);
            }
        }, pipeline, since.toEpochMilli(), RunLane.INCREMENTAL.name(), COMPACTION);
        return partitions;
    }

    @Override
    public List<DataInterval> unfinishedBackfillChunks(String pipeline) {
        return jdbc.query("SELECT interval_start, interval_end FROM pipeline_run WHERE pipeline = ? AND lane = ? AND interval_start IS NOT NULL"
                        + " AND (state = ? OR (state = ? AND attempt > 0))",
                (rs, n) -> new DataInterval(Instant.ofEpochMilli(rs.getLong(1)), Instant.ofEpochMilli(rs.getLong(2))), pipeline,
                RunLane.BACKFILL.name(), RunState.RUNNING.name(), RunState.QUEUED.name());
    }

    @Override
    public Map<String, WriterRun> writers(Collection<String> runIds) {
        Set<String> undelivered = new HashSet<>(jdbc.queryForList("SELECT run_id FROM sink_delivery WHERE delivered_at IS NULL",
                String.class));
        Map<String, TriggerKind> triggers = new HashMap<>();
        Map<String, RunState> states = new HashMap<>();
        Map<String, Map<String, WriterTask>> tasks = new HashMap<>();
        List<String> ids = new ArrayList<>(runIds);
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            String in = String.join(", ", Collections.nCopies(batch.size(), "?"));
            jdbc.query("SELECT r.id, r.trigger_kind, r.state, s.shard, s.attempt, s.state, s.finished_at FROM pipeline_run r"
                    + " LEFT JOIN shard_run s ON s.run_id = r.id WHERE r.id IN (" + in + ")", rs -> {
                String id = rs.getString(1);
                triggers.put(id, TriggerKind.valueOf(rs.getString(2)));
                states.put(id, RunState.valueOf(rs.getString(3)));
                Map<String, WriterTask> byTask = tasks.computeIfAbsent(id, k -> new HashMap<>());
                String shard = rs.getString(4);
                if (shard != null) {
                    byTask.put(CompactionLedger.taskKey(shard, rs.getInt(5)),
                            new WriterTask(ShardRunState.valueOf(rs.getString(6)), RunRows.instant(rs, "finished_at")));
                }
            }, batch.toArray());
        }
        Map<String, WriterRun> writers = new HashMap<>();
        triggers.forEach((id, trigger) -> writers.put(id, new WriterRun(trigger, states.get(id), undelivered.contains(id),
                Map.copyOf(tasks.get(id)))));
        return writers;
    }
}

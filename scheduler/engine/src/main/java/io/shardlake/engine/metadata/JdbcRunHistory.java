package io.shardlake.engine.metadata;

import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link RunHistory} on the metadata database; portable SQL (H2, MariaDB/MySQL, PostgreSQL).
 *
 * <p>"The newest n runs of each of these pipelines" is a UNION ALL of one {@code LIMIT n} probe
 * per pipeline, each an index range read of n entries on {@code pipeline_run_recent} (V8): one
 * statement, and its cost grows with the pipelines asked about, never with the history. (A
 * {@code GROUP BY pipeline} or window function would read every run of those pipelines; LATERAL
 * joins are not portable.) Long lists are cut into statements of {@link #PROBES_PER_STATEMENT}.
 */
public final class JdbcRunHistory implements RunHistory {

    static final int PROBES_PER_STATEMENT = 500;

    private final JdbcTemplate jdbc;

    public JdbcRunHistory(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Map<String, List<RunRecord>> recentRuns(Collection<String> pipelines, int perPipeline) {
        if (perPipeline < 1) {
            throw new IllegalArgumentException("perPipeline must be at least 1, was " + perPipeline);
        }
        Map<String, List<RunRecord>> out = new LinkedHashMap<>();
        for (List<String> part : parts(pipelines)) {
            jdbc.query(newest("*", part.size(), perPipeline), rs -> {
                RunRecord run = RunRows.RUN.mapRow(rs, 0);
                out.computeIfAbsent(run.pipeline(), p -> new ArrayList<>()).add(run);
            }, part.toArray());
        }
        return out;
    }

    @Override
    public Map<String, RunState> lastRunStates(Collection<String> pipelines) {
        Map<String, RunState> out = new LinkedHashMap<>();
        for (List<String> part : parts(pipelines)) {
            jdbc.query(newest("pipeline, state", part.size(), 1), rs -> {
                out.put(rs.getString(1), RunState.valueOf(rs.getString(2)));
            }, part.toArray());
        }
        return out;
    }

    /** One parenthesised probe per pipeline; ties on queue time go to the greater id, as {@code recentRuns} of the repository. */
    private static String newest(String columns, int pipelines, int limit) {
        String probe = "(SELECT " + columns + " FROM pipeline_run WHERE pipeline = ? ORDER BY queued_at DESC, id DESC LIMIT " + limit + ")";
        return String.join(" UNION ALL ", Collections.nCopies(pipelines, probe));
    }

    @Override
    public Map<String, Instant> oldestWatermarks(Collection<String> pipelines) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (List<String> part : parts(pipelines)) {
            jdbc.query("SELECT pipeline, MIN(cursor_at) FROM shard_watermark WHERE pipeline IN (" + marks(part.size()) + ") GROUP BY pipeline",
                    rs -> {
                        long v = rs.getLong(2);
                        if (!rs.wasNull()) {
                            out.put(rs.getString(1), Instant.ofEpochMilli(v));
                        }
                    }, part.toArray());
        }
        return out;
    }

    @Override
    public Map<String, List<ShardRunRecord>> shardRuns(Collection<String> runIds) {
        Map<String, List<ShardRunRecord>> out = new LinkedHashMap<>();
        for (List<String> part : parts(runIds)) {
            jdbc.query("SELECT * FROM shard_run WHERE run_id IN (" + marks(part.size()) + ") ORDER BY run_id, shard, attempt", rs -> {
                ShardRunRecord task = RunRows.SHARD_RUN.mapRow(rs, 0);
                out.computeIfAbsent(task.runId(), r -> new ArrayList<>()).add(task);
            }, part.toArray());
        }
        return out;
    }

    @Override
    public Map<String, List<PublishedFile>> files(String runId) {
        Map<String, List<PublishedFile>> out = new LinkedHashMap<>();
        jdbc.query("SELECT shard, attempt, object_key, kind, rows_count, bytes FROM shard_run_file WHERE run_id = ? ORDER BY shard, attempt, seq",
                rs -> {
                    out.computeIfAbsent(RunHistory.taskKey(rs.getString("shard"), rs.getInt("attempt")), k -> new ArrayList<>())
                            .add(RunRows.FILE.mapRow(rs, 0));
                }, runId);
        return out;
    }

    private static List<List<String>> parts(Collection<String> values) {
        List<String> distinct = values.stream().distinct().toList();
        List<List<String>> parts = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += PROBES_PER_STATEMENT) {
            parts.add(distinct.subList(i, Math.min(distinct.size(), i + PROBES_PER_STATEMENT)));
        }
        return parts;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.engine.definition.AllowedWindow;
import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildConflictException;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.engine.rebuild.RebuildStore;
import io.shardlake.engine.rebuild.TableVersion;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TaskScope;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link RebuildStore} on the metadata database (V17); portable SQL only. */
public final class JdbcRebuildStore implements RebuildStore {

    /** Tables holding a stream's state under the pipeline's name: a switch swaps their names. */
    private static final List<String> STREAM_TABLES = List.of("shard_watermark", "lake_key_delta", "lake_key_index", "lake_key_index_part");

    private static final RowMapper<Rebuild> REBUILD = (rs, n) -> {
        String start = rs.getString("window_start");
        AllowedWindow window = start == null ? null
                : new AllowedWindow(LocalTime.parse(start), LocalTime.parse(rs.getString("window_end")), ZoneId.of(rs.getString("window_zone")));
        return new Rebuild(rs.getString("id"), rs.getString("pipeline"), rs.getInt("version"), rs.getInt("from_version"),
                rs.getString("definition_version"), Arrays.asList(rs.getString("shards").split(",")), rs.getInt("max_concurrency"), window,
                RebuildState.valueOf(rs.getString("state")), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("changed_at")), rs.getString("reason"));
    };

    private static final RowMapper<TableVersion> VERSION = (rs, n) -> new TableVersion(rs.getString("pipeline"), rs.getInt("version"),
            rs.getString("definition_version"), rs.getString("table_name"), TableVersion.State.valueOf(rs.getString("state")),
            rs.getString("rebuild_id"), Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs.getObject("live_since")),
            instant(rs.getObject("retired_at")));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcRebuildStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void create(Rebuild r, List<TableVersion> versions, List<RunRecord> shardRuns) {
        AllowedWindow w = r.allowedWindow();
        try {
            tx.executeWithoutResult(status -> {
                for (TableVersion v : versions) {
                    jdbc.update("INSERT INTO table_version (pipeline, version, definition_version, table_name, state, rebuild_id, created_at,"
                                    + " live_since, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", v.pipeline(), v.version(),
                            v.definitionVersion(), v.table(), v.state().name(), v.rebuildId(), v.createdAt().toEpochMilli(),
                            millis(v.liveSince()), millis(v.retiredAt()));
                }
                jdbc.update("INSERT INTO rebuild (id, pipeline, version, from_version, definition_version, shards, max_concurrency,"
                                + " window_start, window_end, window_zone, state, created_at, changed_at, reason)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.pipeline(), r.version(), r.fromVersion(),
                        r.definitionVersion(), String.join(",", r.shards()), r.maxConcurrency(), w == null ? null : w.start().toString(),
                        w == null ? null : w.end().toString(), w == null ? null : w.zone().getId(), r.state().name(),
                        r.createdAt().toEpochMilli(), r.changedAt().toEpochMilli(), RunRows.clip(r.reason(), 1000));
                shardRuns.forEach(run -> RunRows.insert(jdbc, run));
            });
        } catch (DuplicateKeyException e) {
            throw new RebuildConflictException("version " + r.version() + " of '" + r.pipeline() + "' was taken by another rebuild"
                    + " started at the same time; look at the pipeline's rebuilds");
        }
    }

    @Override
    public Optional<Rebuild> byId(String id) {
        return jdbc.query("SELECT * FROM rebuild WHERE id = ?", REBUILD, id).stream().findFirst();
    }

    @Override
    public List<Rebuild> forPipeline(String pipeline, int limit) {
        return jdbc.query("SELECT * FROM rebuild WHERE pipeline = ? ORDER BY created_at DESC, id LIMIT ?", REBUILD, pipeline, limit);
    }

    @Override
    public List<Rebuild> unfinished(String pipeline) {
        return jdbc.query("SELECT * FROM rebuild WHERE pipeline = ? AND state IN (?, ?, ?)", REBUILD, pipeline,
                RebuildState.ACTIVE.name(), RebuildState.PAUSED.name(), RebuildState.SWITCHING.name());
    }

    @Override
    public boolean changeState(String id, Set<RebuildState> from, RebuildState to, String reason, Instant at) {
        return change(id, from, to, reason, at);
    }

    private boolean change(String id, Set<RebuildState> from, RebuildState to, String reason, Instant at) {
        if (from.isEmpty()) {
            return false;
        }
        List<Object> args = new ArrayList<>(List.of(to.name(), at.toEpochMilli()));
        args.add(RunRows.clip(reason, 1000));
        args.add(id);
        from.forEach(s -> args.add(s.name()));
        String in = String.join(", ", Collections.nCopies(from.size(), "?"));
        return jdbc.update("UPDATE rebuild SET state = ?, changed_at = ?, reason = COALESCE(?, reason) WHERE id = ? AND state IN ("
                + in + ")", args.toArray()) == 1;
    }

    @Override
    public boolean startSwitch(String id, RunRecord switchRun, Instant at) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!change(id, Set.of(RebuildState.ACTIVE), RebuildState.SWITCHING, "every shard loaded; catching up, then switching", at)) {
                return false;
            }
            RunRows.insert(jdbc, switchRun);
            return true;
        }));
    }

    @Override
    public boolean retrySwitch(String id, RunRecord switchRun, String reason, Instant at) {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                if (!change(id, Set.of(RebuildState.SWITCHING), RebuildState.SWITCHING, reason, at)) {
                    return false;
                }
                RunRows.insert(jdbc, switchRun);
                return true;
            }));
        } catch (org.springframework.dao.DuplicateKeyException queuedAlready) {
            return false; // rolled back: the reason stays that of the attempt that queued it
        }
    }

    @Override
    public List<TableVersion> versions(String pipeline) {
        return jdbc.query("SELECT * FROM table_version WHERE pipeline = ? ORDER BY version", VERSION, pipeline);
    }

    @Override
    public List<TableVersion> expired(Instant retiredBefore) {
        return jdbc.query("SELECT v.* FROM table_version v LEFT JOIN rebuild r ON r.id = v.rebuild_id"
                        + " WHERE (v.state = ? AND v.retired_at < ?) OR v.state = ? OR (v.state = ? AND r.state IN (?, ?))"
                        + " ORDER BY v.pipeline, v.version", VERSION,
                TableVersion.State.RETIRED.name(), retiredBefore.toEpochMilli(), TableVersion.State.DISCARDED.name(),
                TableVersion.State.BUILDING.name(), RebuildState.FAILED.name(), RebuildState.CANCELLED.name());
    }

    @Override
    public void discard(String pipeline, int version, Instant at) {
        tx.executeWithoutResult(status -> {
            int changed = jdbc.update("UPDATE table_version SET state = ?, retired_at = COALESCE(retired_at, ?) WHERE pipeline = ?"
                    + " AND version = ? AND state IN (?, ?)", TableVersion.State.DISCARDED.name(), at.toEpochMilli(), pipeline, version,
                    TableVersion.State.RETIRED.name(), TableVersion.State.BUILDING.name());
            if (changed == 1) {
                String stream = TaskScope.Rebuild.streamOf(pipeline, version);
                for (String table : STREAM_TABLES) {
                    jdbc.update("DELETE FROM " + table + " WHERE pipeline = ?", stream);
                }
                jdbc.update("DELETE FROM load_checkpoint WHERE stream = ?", stream); // loads a cancelled rebuild left unfinished
            }
        });
    }

    @Override
    public void makeLive(String pipeline, int from, int to, String rebuildId, Instant at) {
        tx.executeWithoutResult(status -> {
            Map<Integer, TableVersion> versions = jdbc.query("SELECT * FROM table_version WHERE pipeline = ? FOR UPDATE", VERSION, pipeline)
                    .stream().collect(Collectors.toMap(TableVersion::version, Function.identity()));
            TableVersion target = versions.get(to);
            TableVersion live = versions.get(from);
            if (target != null && target.state() == TableVersion.State.LIVE) {
                return; // done before: a switch run retried after the switch
            }
            if (live == null || live.state() != TableVersion.State.LIVE) {
                throw new RebuildConflictException("version " + from + " of '" + pipeline + "' is not the live version");
            }
            if (target == null || (target.state() != TableVersion.State.BUILDING && target.state() != TableVersion.State.RETIRED)) {
                throw new RebuildConflictException("version " + to + " of '" + pipeline + "' cannot become live"
                        + (target == null ? ": there is no such version" : ": it is " + target.state()));
            }
            String liveStream = TaskScope.Rebuild.streamOf(pipeline, from);
            String targetStream = TaskScope.Rebuild.streamOf(pipeline, to);
            for (String table : STREAM_TABLES) {
                // the retiring version's name is free (its state was renamed back when it last went live)
                jdbc.update("DELETE FROM " + table + " WHERE pipeline = ?", liveStream);
                jdbc.update("UPDATE " + table + " SET pipeline = ? WHERE pipeline = ?", liveStream, pipeline);
                jdbc.update("UPDATE " + table + " SET pipeline = ? WHERE pipeline = ?", pipeline, targetStream);
            }
            jdbc.update("UPDATE table_version SET state = ?, retired_at = ? WHERE pipeline = ? AND version = ?",
                    TableVersion.State.RETIRED.name(), at.toEpochMilli(), pipeline, from);
            jdbc.update("UPDATE table_version SET state = ?, live_since = ?, retired_at = NULL WHERE pipeline = ? AND version = ?",
                    TableVersion.State.LIVE.name(), at.toEpochMilli(), pipeline, to);
            if (rebuildId != null && !change(rebuildId, Set.of(RebuildState.SWITCHING), RebuildState.LIVE, null, at)) {
                // cancelled while its switch run was on its way here: the whole switch rolls back, the live version stays
                throw new RebuildConflictException("rebuild " + rebuildId + " of '" + pipeline + "' is no longer switching (cancelled):"
                        + " version " + from + " stays live");
            } else if (rebuildId == null && live.rebuildId() != null) {
                change(live.rebuildId(), Set.of(RebuildState.LIVE), RebuildState.ROLLED_BACK, "version " + to + " was switched back",
                        at);
            }
        });
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.engine.definition.AllowedWindow;
import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.run.RunRecord;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link BackfillStore} on the metadata database; portable SQL only. */
public final class JdbcBackfillStore implements BackfillStore {

    private static final RowMapper<Backfill> BACKFILL = (rs, n) -> {
        String start = rs.getString("window_start");
        AllowedWindow window = start == null ? null
                : new AllowedWindow(LocalTime.parse(start), LocalTime.parse(rs.getString("window_end")), ZoneId.of(rs.getString("window_zone")));
        return new Backfill(rs.getString("id"), rs.getString("pipeline"), Instant.ofEpochMilli(rs.getLong("range_from")),
                Instant.ofEpochMilli(rs.getLong("range_to")), Arrays.asList(rs.getString("shards").split(",")),
                rs.getInt("max_concurrency"), window, rs.getInt("chunks"), BackfillState.valueOf(rs.getString("state")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("changed_at")), rs.getString("reason"));
    };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcBackfillStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void create(Backfill b, List<RunRecord> chunkRuns) {
        AllowedWindow w = b.allowedWindow();
        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO backfill (id, pipeline, range_from, range_to, shards, max_concurrency, window_start, window_end,"
                            + " window_zone, chunks, state, created_at, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    b.id(), b.pipeline(), b.from().toEpochMilli(), b.to().toEpochMilli(), String.join(",", b.shards()), b.maxConcurrency(),
                    w == null ? null : w.start().toString(), w == null ? null : w.end().toString(), w == null ? null : w.zone().getId(),
                    b.chunks(), b.state().name(), b.createdAt().toEpochMilli(), b.changedAt().toEpochMilli(), RunRows.clip(b.reason(), 1000));
            chunkRuns.forEach(run -> RunRows.insert(jdbc, run));
        });
    }

    @Override
    public Optional<Backfill> byId(String id) {
        return jdbc.query("SELECT * FROM backfill WHERE id = ?", BACKFILL, id).stream().findFirst();
    }

    @Override
    public List<Backfill> forPipeline(String pipeline, int limit) {
        return jdbc.query("SELECT * FROM backfill WHERE pipeline = ? ORDER BY created_at DESC, id LIMIT ?", BACKFILL, pipeline, limit);
    }

    @Override
    public List<Backfill> unfinished(String pipeline) {
        return jdbc.query("SELECT * FROM backfill WHERE pipeline = ? AND state IN (?, ?)", BACKFILL, pipeline,
                BackfillState.ACTIVE.name(), BackfillState.PAUSED.name());
    }

    @Override
    public boolean changeState(String id, Set<BackfillState> from, BackfillState to, String reason, Instant at) {
        if (from.isEmpty()) {
            return false;
        }
        List<Object> args = new ArrayList<>(List.of(to.name(), at.toEpochMilli()));
        args.add(RunRows.clip(reason, 1000));
        args.add(id);
        from.forEach(s -> args.add(s.name()));
        String in = String.join(", ", java.util.Collections.nCopies(from.size(), "?"));
        return jdbc.update("UPDATE backfill SET state = ?, changed_at = ?, reason = COALESCE(?, reason) WHERE id = ? AND state IN ("
                + in + ")", args.toArray()) == 1;
    }
}

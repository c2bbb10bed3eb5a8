package io.shardlake.engine.metadata;

import io.shardlake.engine.rebuild.TableVersion;
import io.shardlake.engine.rebuild.WrittenVersions;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link WrittenVersions} in one statement returning one row: the pipeline's runs are walked newest
 * first on their {@code (pipeline, queued_at, id)} index until the first successful writer after
 * the switch, so the cost does not grow with the history.
 */
public final class JdbcWrittenVersions implements WrittenVersions {

    private final JdbcTemplate jdbc;

    public JdbcWrittenVersions(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Optional<String> lastWritten(String pipeline, Set<TriggerKind> writers) {
        String live = "SELECT %s FROM table_version v WHERE v.pipeline = ? AND v.state = ?";
        // a run started in the switch's own millisecond cannot be placed: the version's own definition decides
        String sql = "SELECT COALESCE((SELECT r.definition_version FROM pipeline_run r WHERE r.pipeline = ? AND r.state = ?"
                + " AND r.trigger_kind IN (" + writers.stream().map(w -> "?").collect(Collectors.joining(", ")) + ")"
                + " AND r.started_at > COALESCE((" + live.formatted("v.live_since") + "), -1)"
                + " ORDER BY r.queued_at DESC, r.id DESC LIMIT 1), (" + live.formatted("v.definition_version") + "))";
        List<Object> args = new ArrayList<>(List.of(pipeline, RunState.SUCCEEDED.name()));
        writers.stream().map(TriggerKind::name).sorted().forEach(args::add);
        args.addAll(List.of(pipeline, TableVersion.State.LIVE.name(), pipeline, TableVersion.State.LIVE.name()));
        return Optional.ofNullable(jdbc.queryForObject(sql, String.class, args.toArray()));
    }
}

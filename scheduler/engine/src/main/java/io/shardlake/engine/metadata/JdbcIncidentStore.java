package io.shardlake.engine.metadata;

import static io.shardlake.engine.metadata.RunRows.clip;

import io.shardlake.engine.alert.AlertKind;
import io.shardlake.engine.alert.IncidentStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link IncidentStore} on the metadata database ({@code alert_incident}, one row per open
 * incident). The primary key (pipeline, kind) decides which node opens an incident: every other
 * node's insert fails, on H2, MariaDB/MySQL and PostgreSQL alike.
 */
public final class JdbcIncidentStore implements IncidentStore {

    private final JdbcTemplate jdbc;

    public JdbcIncidentStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public boolean open(Incident i) {
        // Looked up first so an incident that stays open is not a failed insert (and a server log line) every check.
        if (isOpen(i.pipeline(), i.kind())) {
            return false;
        }
        try {
            jdbc.update("INSERT INTO alert_incident (pipeline, kind, run_id, reason, opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?)",
                    i.pipeline(), i.kind().code(), i.runId(), clip(i.reason()), i.openedAt().toEpochMilli(), i.openedBy());
            return true;
        } catch (DataIntegrityViolationException e) {
            return false; // another node opened it meanwhile
        }
    }

    private boolean isOpen(String pipeline, AlertKind kind) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM alert_incident WHERE pipeline = ? AND kind = ?", Integer.class, pipeline,
                kind.code()) > 0;
    }

    @Override
    public boolean close(String pipeline, AlertKind kind) {
        return jdbc.update("DELETE FROM alert_incident WHERE pipeline = ? AND kind = ?", pipeline, kind.code()) > 0;
    }

    @Override
    public List<Incident> openIncidents() {
        return jdbc.query("SELECT pipeline, kind, run_id, reason, opened_at, opened_by FROM alert_incident ORDER BY opened_at, pipeline",
                (rs, n) -> new Incident(rs.getString(1), AlertKind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getString(3),
                        rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
    }
}

package io.shardlake.engine.metadata;

import static io.shardlake.engine.metadata.RunRows.clip;

import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.audit.AuditPage;
import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.audit.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit log on the metadata database ({@code audit_event}, V6). Entries are numbered by the
 * database, so reading newest first is by id, and a page goes on from the last id seen (keyset
 * paging: every page costs the same, however old).
 */
public final class JdbcAuditLog implements AuditLog, AuditTrail {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcAuditLog(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    @Override
    public void record(AuditEntry e) {
        jdbc.update("INSERT INTO audit_event (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                clock.instant().toEpochMilli(), clip(e.actor(), 128), clip(e.action(), 64), clip(e.subject(), 200),
                clip(e.detail(), 1000));
    }

    @Override
    public AuditPage read(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, subject, detail FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter(sql, args, "actor", q.actor());
        filter(sql, args, "action", q.action());
        filter(sql, args, "subject", q.subject());
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            args.add(q.beforeId());
        }
        // One more than asked tells whether an older page exists.
        sql.append(" ORDER BY id DESC LIMIT ").append(q.limit() + 1);
        List<AuditRecord> rows = jdbc.query(sql.toString(), (rs, n) -> new AuditRecord(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)), args.toArray());
        if (rows.size() <= q.limit()) {
            return new AuditPage(rows, null);
        }
        List<AuditRecord> page = rows.subList(0, q.limit());
        return new AuditPage(page, page.get(page.size() - 1).id());
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }
}

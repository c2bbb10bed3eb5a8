package io.shardlake.engine.metadata;

import static io.shardlake.engine.metadata.RunRows.clip;

import io.shardlake.engine.registration.PipelineVersion;
import io.shardlake.engine.registration.RegisteredPipelineStore;
import io.shardlake.engine.registration.VersionConflictException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * {@link RegisteredPipelineStore} on the metadata database ({@code registered_pipeline_version},
 * V7). Versions are only ever inserted, never updated or deleted: the primary key (pipeline,
 * version) makes the second of two concurrent saves fail on H2, MariaDB/MySQL and PostgreSQL alike.
 */
public final class JdbcRegisteredPipelines implements RegisteredPipelineStore {

    private static final String COLUMNS = "pipeline, version, definition, author, created_at, comment";
    private static final RowMapper<PipelineVersion> VERSION = JdbcRegisteredPipelines::version;

    private final JdbcTemplate jdbc;

    public JdbcRegisteredPipelines(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    private static PipelineVersion version(ResultSet rs, int n) throws SQLException {
        return new PipelineVersion(rs.getString(1), rs.getInt(2), new String(rs.getBytes(3), StandardCharsets.UTF_8), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6));
    }

    @Override
    public Optional<PipelineVersion> latestVersion(String pipeline) {
        return jdbc.query("SELECT " + COLUMNS + " FROM registered_pipeline_version WHERE pipeline = ? AND version ="
                + " (SELECT MAX(version) FROM registered_pipeline_version WHERE pipeline = ?)", VERSION, pipeline, pipeline)
                .stream().findFirst();
    }

    @Override
    public List<PipelineVersion> versions(String pipeline) {
        return jdbc.query("SELECT " + COLUMNS + " FROM registered_pipeline_version WHERE pipeline = ? ORDER BY version", VERSION,
                pipeline);
    }

    @Override
    public Optional<PipelineVersion> version(String pipeline, int version) {
        return jdbc.query("SELECT " + COLUMNS + " FROM registered_pipeline_version WHERE pipeline = ? AND version = ?", VERSION,
                pipeline, version).stream().findFirst();
    }

    @Override
    public Saved save(String pipeline, String yaml, String author, String comment, Instant at, Integer expectedLatest) {
        Optional<PipelineVersion> latest = latestVersion(pipeline);
        int current = latest.map(PipelineVersion::version).orElse(0);
        if (expectedLatest != null && expectedLatest != current) {
            throw new VersionConflictException(expectedLatest == 0
                    ? "pipeline '" + pipeline + "' is already registered (version " + current + " by " + latest.get().author()
                    + "); edit it instead"
                    : "pipeline '" + pipeline + "' was changed since version " + expectedLatest + " was opened: version " + current
                    + " was saved by " + latest.map(PipelineVersion::author).orElse("?") + "; reload it and apply the edit again");
        }
        if (latest.isPresent() && latest.get().yaml().equals(yaml)) {
            return new Saved(latest.get(), false);
        }
        PipelineVersion next = new PipelineVersion(pipeline, current + 1, yaml, clip(author, 128), at, comment == null ? "" : clip(comment, 1000));
        try {
            jdbc.update("INSERT INTO registered_pipeline_version (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", next.pipeline(),
                    next.version(), yaml.getBytes(StandardCharsets.UTF_8), next.author(), at.toEpochMilli(), next.comment());
        } catch (DataIntegrityViolationException e) {
            throw new VersionConflictException("pipeline '" + pipeline + "' version " + next.version() + " was saved by someone else at"
                    + " the same time; reload it and apply the edit again");
        }
        return new Saved(next, true);
    }

    @Override
    public List<Latest> latest() {
        return jdbc.query("SELECT v.pipeline, v.version, v.definition FROM registered_pipeline_version v JOIN"
                        + " (SELECT pipeline, MAX(version) AS latest FROM registered_pipeline_version GROUP BY pipeline) m"
                        + " ON v.pipeline = m.pipeline AND v.version = m.latest ORDER BY v.pipeline",
                (rs, n) -> new Latest(rs.getString(1), rs.getInt(2), new String(rs.getBytes(3), StandardCharsets.UTF_8)));
    }

    /** Rows are only inserted, so their count changes with every save: one index-only count per poll. */
    @Override
    public String changeToken() {
        return String.valueOf(jdbc.queryForObject("SELECT COUNT(*) FROM registered_pipeline_version", Long.class));
    }
}

package io.shardlake.engine.metadata;

import io.shardlake.engine.preferences.ViewerPreferences;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link ViewerPreferences} in the metadata database (V23); the same SQL on H2, MariaDB/MySQL and PostgreSQL. */
public final class JdbcViewerPreferences implements ViewerPreferences {

    private final JdbcTemplate jdbc;

    public JdbcViewerPreferences(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Optional<ZoneId> zone(String user) {
        return jdbc.queryForList("SELECT time_zone FROM viewer_preference WHERE user_name = ?", String.class, user).stream()
                .findFirst().flatMap(JdbcViewerPreferences::known);
    }

    /** A zone id stored by an older JVM that this one's time-zone data lacks reads as no choice, not an error on every page. */
    private static Optional<ZoneId> known(String id) {
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void setZone(String user, ZoneId zone, Instant at) {
        if (user == null || user.isBlank() || user.length() > MAX_USER_LENGTH) {
            throw new IllegalArgumentException("user: a preference is kept for a signed-in name of 1 to " + MAX_USER_LENGTH
                    + " characters");
        }
        // Update first, insert if there was no row; a concurrent first choice of the same user makes the insert a duplicate, and the update then wins.
        if (update(user, zone, at) == 0) {
            try {
                jdbc.update("INSERT INTO viewer_preference (user_name, time_zone, updated_at) VALUES (?, ?, ?)", user, zone.getId(),
                        at.toEpochMilli());
            } catch (DuplicateKeyException concurrentFirstChoice) {
                update(user, zone, at);
            }
        }
    }

    private int update(String user, ZoneId zone, Instant at) {
        return jdbc.update("UPDATE viewer_preference SET time_zone = ?, updated_at = ? WHERE user_name = ?", zone.getId(), at.toEpochMilli(),
                user);
    }
}

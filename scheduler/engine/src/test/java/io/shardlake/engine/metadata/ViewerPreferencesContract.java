package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.preferences.ViewerPreferences;
import io.shardlake.engine.run.MetadataDatabases;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every metadata database must do for the users' page preferences (V23's
 * {@code viewer_preference}); one subclass per database runs it on the production migrations.
 */
abstract class ViewerPreferencesContract {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private DataSource ds;
    private ViewerPreferences preferences;
    private String user;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        preferences = new JdbcViewerPreferences(ds);
        user = "ana-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aUserWhoNeverChoseHasNoZone() {
        assertThat(preferences.zone(user)).isEmpty();
    }

    @Test
    void theLastChoiceIsKeptPerUser() {
        String other = user + "-other";
        preferences.setZone(user, ZoneId.of("Asia/Tokyo"), T);
        preferences.setZone(other, ZoneId.of("Europe/Berlin"), T);
        preferences.setZone(user, ZoneId.of("America/New_York"), T.plusSeconds(60));

        assertThat(preferences.zone(user)).contains(ZoneId.of("America/New_York"));
        assertThat(preferences.zone(other)).contains(ZoneId.of("Europe/Berlin"));
        assertThat(new JdbcTemplate(ds).queryForObject("SELECT updated_at FROM viewer_preference WHERE user_name = ?", Long.class, user))
                .isEqualTo(T.plusSeconds(60).toEpochMilli());
    }

    @Test
    void aZoneThisJvmDoesNotKnowReadsAsNoChoice() {
        new JdbcTemplate(ds).update("INSERT INTO viewer_preference (user_name, time_zone, updated_at) VALUES (?, 'Mars/Olympus_Mons', 0)",
                user);

        assertThat(preferences.zone(user)).isEmpty();
    }

    @Test
    void aNameTooLongForTheTableIsRefusedNamingTheFieldAndNothingIsStored() {
        String longest = "u".repeat(ViewerPreferences.MAX_USER_LENGTH - 8) + user.substring(user.length() - 8);
        preferences.setZone(longest, ZoneId.of("UTC"), T);
        assertThat(preferences.zone(longest)).contains(ZoneId.of("UTC"));

        String tooLong = longest + "x";
        assertThatThrownBy(() -> preferences.setZone(tooLong, ZoneId.of("UTC"), T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("user: ");
        assertThat(new JdbcTemplate(ds).queryForObject("SELECT COUNT(*) FROM viewer_preference WHERE user_name = ?", Integer.class,
                tooLong)).isZero();
    }
}

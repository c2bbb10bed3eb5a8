package io.shardlake.engine.preferences;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Each signed-in user's choices for the pages, kept in the metadata database so they follow the
 * user from browser to browser: for now the time zone times are shown in.
 */
public interface ViewerPreferences {

    /** The longest user name a preference is kept for. */
    int MAX_USER_LENGTH = 255;

    /** The zone {@code user} chose; empty if they never chose one (or the zone is no longer known to this JVM). */
    Optional<ZoneId> zone(String user);

    /**
     * Keeps {@code zone} as {@code user}'s choice, replacing any earlier one.
     *
     * @throws IllegalArgumentException naming the field when the user name is blank or longer than {@link #MAX_USER_LENGTH}
     */
    void setZone(String user, ZoneId zone, Instant at);
}

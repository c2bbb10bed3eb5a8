package io.shardlake.app.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * DATETIME(3) values as {@code yyyy-MM-dd HH:mm:ss.SSS} text in UTC. Bound as text, not as
 * {@code java.sql.Timestamp}: mysql-connector-j drops the fraction of bound timestamps on MariaDB,
 * and text involves neither the JVM's nor the session's time zone.
 */
final class UtcMillis {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private UtcMillis() {
    }

    static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The UTC calendar date, {@code yyyy-MM-dd}. */
    static String date(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}

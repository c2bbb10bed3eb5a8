package io.shardlake.connectors.source;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Cursor values as the source stores them (wall-clock {@link LocalDateTime} in the cursor's zone)
 * and their text form, used both to bind them in SQL and to keep watermarks. Microsecond text
 * sorts like the values it stands for, so it is exact for DATETIME(0..6).
 */
public final class CursorValues {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private CursorValues() {
    }

    public static String format(LocalDateTime value) {
        return TEXT.format(value);
    }

    public static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text, TEXT);
    }
}

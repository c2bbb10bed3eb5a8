package io.shardlake.connectors.source;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * DATETIME, DECIMAL and integer values parsed from the bytes the MySQL text protocol sends, the
 * common shapes only: {@code yyyy-MM-dd HH:mm:ss[.f...]} and {@code -?digits[.digits]} of at most
 * 18 digits. The driver's own decoding of the same values (a decoder object, a String, a
 * {@code BigDecimal} parsed from chars) was ~10% of a full load's client CPU, and its
 * {@code getLong} (a lookup of the value factory by class, a lock per call) ~2% per column. Anything else (zero
 * dates, invalid fields, longer numbers) returns null, and the caller asks the driver, so its
 * answer, or its error, stays the one given.
 */
final class MySqlTextValues {

    /** Digits of an unscaled value that always fit a long. */
    private static final int MAX_COMPACT_DIGITS = 18;
    private static final int[] NANOS_PER_DIGIT = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private MySqlTextValues() {
    }

    /**
     * The instant of {@code yyyy-MM-dd HH:mm:ss} with an optional fraction of 1-9 digits read at
     * {@code offset}, or null: with no {@code LocalDateTime} in between (three objects per value),
     * accepting exactly what {@code LocalDateTime.of} accepts.
     */
    static Instant instant(byte[] b, ZoneOffset offset) {
        int n = b.length;
        if (n < 19 || n == 20 || n > 29 || b[4] != '-' || b[7] != '-' || b[10] != ' ' || b[13] != ':' || b[16] != ':'
                || n > 19 && b[19] != '.') {
            return null;
        }
        int year = digits(b, 0, 4);
        int month = digits(b, 5, 2);
        int day = digits(b, 8, 2);
        int hour = digits(b, 11, 2);
        int minute = digits(b, 14, 2);
        int second = digits(b, 17, 2);
        int nanos = 0;
        for (int i = 20; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            nanos += d * NANOS_PER_DIGIT[i - 20];
        }
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // a zero date or an invalid field: the driver decides
        }
        long epochSecond = epochDay * 86_400 + hour * 3_600 + minute * 60 + second - offset.getTotalSeconds();
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** {@code -?digits[.digits]} of at most 18 digits, with the scale as written, or null. */
    static BigDecimal decimal(byte[] b) {
        int n = b.length;
        int i = 0;
        boolean negative = n > 0 && b[0] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digitCount = 0;
        int scale = -1;
        for (; i < n; i++) {
            int c = b[i];
            if (c == '.' && scale < 0 && digitCount > 0) {
                scale = 0;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9 || ++digitCount > MAX_COMPACT_DIGITS) {
                return null;
            }
            unscaled = unscaled * 10 + d;
            if (scale >= 0) {
                scale++;
            }
        }
        if (digitCount == 0 || scale == 0) {
            return null; // empty, or a point without digits after it
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
    }

    /** {@code -?digits} of at most 18 digits, or null. */
    static Long integer(byte[] b) {
        int n = b.length;
        boolean negative = n > 0 && b[0] == '-';
        int first = negative ? 1 : 0;
        if (n == first || n - first > MAX_COMPACT_DIGITS) {
            return null;
        }
        long v = 0;
        for (int i = first; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** The value of {@code count} ASCII digits from {@code from}, or -1. */
    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}

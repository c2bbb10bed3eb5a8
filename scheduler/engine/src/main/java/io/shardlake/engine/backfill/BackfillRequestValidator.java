package io.shardlake.engine.backfill;

import io.shardlake.engine.definition.AllowedWindow;
import io.shardlake.engine.input.StrictValues;
import io.shardlake.transforms.PartitionGranularity;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a {@link BackfillInput} against one pipeline and reports every problem at once, each
 * naming the field and showing a valid value, the way definition errors do.
 *
 * <ul>
 *   <li>{@code from}, {@code to}: ISO dates (whole UTC days) or instants; {@code to} exclusive,
 *       after {@code from}, not after now (only complete partitions are replaced: the current one
 *       is still being written by scheduled runs), at most {@code maxSpan} apart, and both on
 *       partition boundaries (never widened; the error shows the aligned range).</li>
 *   <li>{@code shards}: absent for every shard of the source, else known shards, each once.</li>
 *   <li>{@code max_concurrency}: 1 to {@code maxConcurrencyCap}, default 2 (or the cap if lower).</li>
 *   <li>{@code allowed_window}: {@code HH:mm-HH:mm} in {@code allowed_window_zone} (default UTC).</li>
 *   <li>{@code dry_run}: {@code true} or {@code false}, default false.</li>
 * </ul>
 */
public final class BackfillRequestValidator {

    public static final Duration DEFAULT_MAX_SPAN = Duration.ofDays(400);
    public static final int DEFAULT_MAX_CONCURRENCY_CAP = 8;
    public static final int DEFAULT_CONCURRENCY = 2;

    private final Clock clock;
    private final Duration maxSpan;
    private final int maxConcurrencyCap;

    public BackfillRequestValidator(Clock clock) {
        this(clock, DEFAULT_MAX_SPAN, DEFAULT_MAX_CONCURRENCY_CAP);
    }

    public BackfillRequestValidator(Clock clock, Duration maxSpan, int maxConcurrencyCap) {
        if (maxSpan.isNegative() || maxSpan.isZero()) {
            throw new IllegalArgumentException("the maximum span must be positive: " + maxSpan);
        }
        if (maxConcurrencyCap < 1) {
            throw new IllegalArgumentException("the concurrency cap must be at least 1: " + maxConcurrencyCap);
        }
        this.clock = clock;
        this.maxSpan = maxSpan;
        this.maxConcurrencyCap = maxConcurrencyCap;
    }

    /**
     * @param knownShards  the shard ids of the pipeline's source, in order
     * @param granularity  the pipeline's partition granularity (see {@link BackfillPlanner#granularity()})
     * @throws InvalidBackfillException with every problem found
     */
    public BackfillRequest validate(BackfillInput input, List<String> knownShards, PartitionGranularity granularity) {
        List<FieldError> errors = new ArrayList<>();
        Instant now = clock.instant();
        Instant from = instant("from", input.from(), errors);
        Instant to = instant("to", input.to(), errors);
        if (from != null && to != null) {
            checkRange(from, to, now, granularity, errors);
        } else {
            // a single bound can still be in the future
            if (from != null && from.isAfter(now)) {
                errors.add(new FieldError("from", from + " is in the future (now is " + now + ")"));
            }
            if (to != null && to.isAfter(now)) {
                errors.add(new FieldError("to", to + " is in the future (now is " + now + "); " + completeUntil(now, granularity)));
            }
        }
        List<String> shards = shards(input.shards(), knownShards, errors);
        int concurrency = concurrency(input.maxConcurrency(), errors);
        AllowedWindow window = allowedWindow(input.allowedWindow(), input.allowedWindowZone(), errors);
        boolean dryRun = dryRun(input.dryRun(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidBackfillException(errors);
        }
        return new BackfillRequest(from, to, shards, concurrency, window, dryRun);
    }

    private void checkRange(Instant from, Instant to, Instant now, PartitionGranularity granularity, List<FieldError> errors) {
        if (!from.isBefore(to)) {
            errors.add(new FieldError("to", to + " is not after from " + from + "; to is exclusive: from 2026-11-01 to 2026-11-02"
                    + " is the day of 2026-11-01"));
            return;
        }
        if (from.isAfter(now)) {
            errors.add(new FieldError("from", from + " is in the future (now is " + now + ")"));
        }
        if (to.isAfter(now)) {
            errors.add(new FieldError("to", to + " is in the future (now is " + now + "); " + completeUntil(now, granularity)));
        }
        Duration span = Duration.between(from, to);
        if (span.compareTo(maxSpan) > 0) {
            errors.add(new FieldError("to", "[" + from + ", " + to + ") spans " + describe(span) + "; a backfill may span at most "
                    + describe(maxSpan) + ": split it into several, e.g. from " + BackfillPlanner.text(from) + " to "
                    + BackfillPlanner.text(granularity.start(from.plus(maxSpan)))));
        }
        errors.addAll(new BackfillPlanner(granularity).alignmentErrors(from, to));
    }

    private static String completeUntil(Instant now, PartitionGranularity granularity) {
        return "a backfill replaces complete partitions only (scheduled runs still write the current one), e.g. to "
                + BackfillPlanner.text(granularity.start(now));
    }

    private static String describe(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toHours() + " hours";
    }

    /** {@code 2026-11-01} (UTC midnight) or {@code 2026-11-01T06:00:00Z}. */
    private static Instant instant(String field, String text, List<FieldError> errors) {
        String example = "use a date such as 2026-11-01 (a whole UTC day) or an instant such as 2026-11-01T06:00:00Z";
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(field, "is required; " + example));
            return null;
        }
        try {
            StrictValues.printable(text);
        } catch (StrictValues.InvalidValueException e) {
            errors.add(new FieldError(field, e.getMessage() + "; " + example));
            return null;
        }
        String t = text.strip();
        try {
            return BackfillPlanner.startOfUtcDay(LocalDate.parse(t));
        } catch (DateTimeParseException notADate) {
            // an instant, then
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notAnInstant) {
            // a local date-time would be read in some zone: say which one is missing
        }
        try {
            LocalDateTime.parse(t);
            errors.add(new FieldError(field, "'" + text + "' has no zone; partitions are UTC, so give an instant such as "
                    + t + "Z (UTC) or with an offset, " + t + "+01:00"));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "'" + text + "' is not a date or an instant; " + example));
        }
        return null;
    }

    private static List<String> shards(List<String> requested, List<String> known, List<FieldError> errors) {
        if (requested == null) {
            return known;
        }
        String useOneOf = "use one of " + String.join(", ", known) + ", or omit shards for all of them";
        if (requested.isEmpty()) {
            errors.add(new FieldError("shards", "is empty; omit shards to backfill every shard, or list some, e.g. ["
                    + (known.isEmpty() ? "shard01" : known.get(0)) + "]"));
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String s = requested.get(i);
            String field = "shards[" + i + "]";
            if (s == null || s.isBlank()) {
                errors.add(new FieldError(field, "is empty; " + useOneOf));
            } else if (!known.contains(s)) {
                errors.add(new FieldError(field, "'" + s + "' is not a shard of this pipeline's source; " + useOneOf));
            } else if (!seen.add(s)) {
                errors.add(new FieldError(field, "'" + s + "' is listed twice; list each shard once"));
            }
        }
        // in the source's order, whatever order they were asked in
        return known.stream().filter(seen::contains).toList();
    }

    private int concurrency(String text, List<FieldError> errors) {
        int byDefault = Math.min(DEFAULT_CONCURRENCY, maxConcurrencyCap);
        String range = "use 1 to " + maxConcurrencyCap + ", e.g. " + byDefault;
        if (text == null || text.isBlank()) {
            return byDefault;
        }
        long value;
        try {
            value = StrictValues.wholeNumber(text.strip());
        } catch (StrictValues.InvalidValueException e) {
            errors.add(new FieldError("max_concurrency", StrictValues.shown(text) + " is not a whole number; " + range));
            return byDefault;
        }
        if (value < 1 || value > maxConcurrencyCap) {
            errors.add(new FieldError("max_concurrency", value + " is out of range; " + range
                    + " (shards reloaded at once; each also counts against its replica host's limit)"));
            return byDefault;
        }
        return (int) value;
    }

    /**
     * {@code allowed_window} ({@code HH:mm-HH:mm}) in {@code allowed_window_zone} (default UTC), as
     * backfills and rebuilds take them; null when no window is given or it is wrong (the problems
     * are added to {@code errors}, each naming its field).
     */
    public static AllowedWindow allowedWindow(String text, String zoneText, List<FieldError> errors) {
        ZoneId zone = ZoneOffset.UTC;
        boolean zoneOk = true;
        if (zoneText != null && !zoneText.isBlank()) {
            if (text == null || text.isBlank()) {
                errors.add(new FieldError("allowed_window_zone", "is given without allowed_window; add one, e.g. allowed_window 22:00-06:00,"
                        + " or omit allowed_window_zone"));
            }
            try {
                zone = ZoneId.of(StrictValues.printable(zoneText).strip());
            } catch (DateTimeException | StrictValues.InvalidValueException e) {
                zoneOk = false;
                errors.add(new FieldError("allowed_window_zone", StrictValues.shown(zoneText) + " is not a time zone; use a region such as Europe/Berlin,"
                        + " or UTC"));
            }
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            AllowedWindow window = AllowedWindow.parse(text, zone);
            return zoneOk ? window : null;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("allowed_window", e.getMessage()));
            return null;
        }
    }

    private static boolean dryRun(String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                errors.add(new FieldError("dry_run", StrictValues.shown(text) + " is not a boolean; use true (plan and estimate only) or false"));
                yield false;
            }
        };
    }
}

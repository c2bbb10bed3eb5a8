package io.shardlake.engine.backfill;

import java.util.List;

/**
 * A backfill request as the API receives it: text, as JSON gives it (numbers and booleans in
 * their JSON spelling), null for an absent field. {@link BackfillRequestValidator} turns it into
 * a {@link BackfillRequest} or reports every problem.
 *
 * @param from              {@code 2026-11-01} (a whole UTC day) or {@code 2026-11-01T06:00:00Z}
 * @param to                same forms, exclusive
 * @param shards            a subset of the source's shards; null for all of them
 * @param maxConcurrency    {@code max_concurrency}: shards backfilled at once; null for the default
 * @param allowedWindow     {@code allowed_window}, e.g. {@code 22:00-06:00}; null for any time
 * @param allowedWindowZone {@code allowed_window_zone}, e.g. {@code Europe/Berlin}; null for UTC
 * @param dryRun            {@code dry_run}: {@code true} or {@code false}; null for false
 */
public record BackfillInput(
        String from,
        String to,
        List<String> shards,
        String maxConcurrency,
        String allowedWindow,
        String allowedWindowZone,
        String dryRun) {
}

package io.shardlake.engine.backfill;

import java.util.Objects;

/**
 * One problem with a backfill request, precise enough to fix without guessing.
 *
 * @param field   the request field as the API names it ({@code from}, {@code shards[2]},
 *                {@code allowed_window}); empty when the pipeline itself cannot be backfilled
 * @param message what is wrong and, where useful, a valid example
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** E.g. {@code max_concurrency: 0 is out of range; use 1 to 8, e.g. 2}. */
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}

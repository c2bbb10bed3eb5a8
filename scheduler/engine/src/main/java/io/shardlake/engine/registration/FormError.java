package io.shardlake.engine.registration;

import java.util.Objects;

/**
 * One problem of a registration, next to the form field it concerns.
 *
 * @param field a {@link PipelineDraft} property path such as {@code columns[2].type}; empty for a
 *              problem of the whole draft
 */
public record FormError(String field, String message) {
    public FormError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}

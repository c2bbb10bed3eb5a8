package io.shardlake.engine.registration;

import java.util.List;
import java.util.stream.Collectors;

/** A draft that cannot be saved, with every problem found (nothing was saved). */
public final class InvalidRegistrationException extends RuntimeException {

    private final List<FormError> errors;

    public InvalidRegistrationException(List<FormError> errors) {
        super(errors.stream().map(e -> e.field().isEmpty() ? e.message() : e.field() + ": " + e.message())
                .collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid registration has at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FormError> errors() {
        return errors;
    }
}

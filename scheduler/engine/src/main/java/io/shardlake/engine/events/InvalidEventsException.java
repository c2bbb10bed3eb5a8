package io.shardlake.engine.events;

import io.shardlake.engine.backfill.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A batch of entity events refused whole, with every problem found (never just the first); nothing was queued. */
public final class InvalidEventsException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidEventsException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}

package io.shardlake.engine.backfill;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request refused whole, with every problem found (never just the first), each naming its
 * field; nothing was changed. One kind per request (backfill, rebuild, events), so callers can
 * tell them apart; the API answers each with the same 400 naming the fields.
 */
public abstract class InvalidFieldsException extends RuntimeException {

    private final List<FieldError> errors;

    protected InvalidFieldsException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a refused request needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}

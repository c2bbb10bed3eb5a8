package io.shardlake.engine.backfill;

import java.util.List;
import java.util.stream.Collectors;

/** A backfill that cannot be planned as asked, with every problem found (never just the first). */
public final class InvalidBackfillException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidBackfillException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid backfill needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}

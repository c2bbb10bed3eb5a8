package io.shardlake.engine.rebuild;

import io.shardlake.engine.backfill.FieldError;
import java.util.List;

/** A rebuild request that cannot be planned: every problem, each naming its field. Nothing was changed. */
public final class InvalidRebuildException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRebuildException(List<FieldError> errors) {
        super(String.join("; ", errors.stream().map(FieldError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}

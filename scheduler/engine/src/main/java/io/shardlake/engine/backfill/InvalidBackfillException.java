package io.shardlake.engine.backfill;

import java.util.List;

/** A backfill that cannot be planned as asked, with every problem found (never just the first). */
public final class InvalidBackfillException extends InvalidFieldsException {

    public InvalidBackfillException(List<FieldError> errors) {
        super(errors);
    }
}
